import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AgentBus, AgentBusProps } from '../bus/agent-bus';
import { ORCHESTRATION_EVENT_SOURCE } from '../orchestration/state-names';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import { AgentCompute } from './agent-compute';

type Resources = Record<string, { Type: string; Properties?: any }>;

function synth(busProps: Partial<AgentBusProps> = {}) {
  const stack = new Stack(new App(), 'S', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const bus = new AgentBus(stack, 'Bus', { meshId: 'demo', ...busProps });
  const compute = new AgentCompute(stack, 'Compute', {
    meshId: 'demo',
    bus,
    agents: ['conductor', 'critic', 'sweeper'],
  });
  const template = Template.fromStack(stack);
  return {
    stack,
    compute,
    template,
    resources: template.toJSON().Resources as Resources,
  };
}

/** The statements of the default policy of the task role whose logical id starts with `prefix`. */
function roleStatements(resources: Resources, prefix: string): any[] {
  const [, policy] = Object.entries(resources).find(
    ([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith(prefix),
  )!;
  return policy.Properties.PolicyDocument.Statement;
}

function containerSecretNames(resources: Resources, family: string): string[] {
  const definition = Object.values(resources).find(
    r =>
      r.Type === 'AWS::ECS::TaskDefinition' && r.Properties.Family === family,
  )!;
  return (definition.Properties.ContainerDefinitions[0].Secrets ?? []).map(
    (s: any) => s.Name,
  );
}

describe('events agents may put', () => {
  // GIVEN compute for the core agents in all lanes
  const { resources } = synth();

  it.each([
    ['ComputeAgentCriticLaneExecuteTaskRole', 'PutOwnEvents'],
    ['ComputeAgentCriticLaneDryRunTaskRole', 'PutDryRunEvents'],
  ])(
    "limits %s's PutEvents to the agent's own source, so it cannot pass for the orchestration, the portal or a webhook",
    (role, sid) => {
      // WHEN its statements are read THEN PutEvents carries events:source of the critic only
      const putEvents = roleStatements(resources, role).filter(s =>
        [s.Action].flat().includes('events:PutEvents'),
      );
      expect(putEvents).toHaveLength(1);
      expect(putEvents[0]).toMatchObject({
        Sid: sid,
        Condition: {
          StringEquals: { 'events:source': ['agent-mesh.agent.critic'] },
        },
      });
      const sources = JSON.stringify(putEvents[0].Condition);
      for (const forged of [
        ORCHESTRATION_EVENT_SOURCE,
        'agent-mesh.portal',
        'agent-mesh.integrations.',
      ]) {
        expect(sources).not.toContain(forged);
      }
    },
  );

  it('gives read_only and the workflow steps no PutEvents at all', () => {
    for (const role of [
      'ComputeAgentCriticLaneReadOnlyTaskRole',
      'ComputeStepReviewTaskRole',
    ]) {
      const actions = roleStatements(resources, role).flatMap(s =>
        [s.Action].flat(),
      );
      expect(actions).not.toContain('events:PutEvents');
    }
  });
});

describe('task role trust', () => {
  it("lets only this account's ECS tasks in this region assume the task roles", () => {
    // GIVEN compute in account 123456789012, eu-west-1 WHEN synthesized
    const { resources } = synth();
    const roles = Object.entries(resources).filter(
      ([id, r]) =>
        r.Type === 'AWS::IAM::Role' &&
        /^Compute(Agent|Step)\w+TaskRole/.test(id),
    );
    expect(roles.length).toBe(3 * 3 + 2);
    // THEN every trust statement carries aws:SourceAccount and aws:SourceArn of the account's ECS tasks
    for (const [id, role] of roles) {
      expect({
        id,
        trust: role.Properties.AssumeRolePolicyDocument.Statement,
      }).toEqual({
        id,
        trust: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':ecs:eu-west-1:123456789012:*',
                    ],
                  ],
                },
              },
            },
          },
        ],
      });
    }
  });
});

describe('secrets per lane', () => {
  it('keeps the model API key readable in every lane and the workflow steps by default', () => {
    // GIVEN the default secrets WHEN synthesized THEN every lane and step gets the model key
    const { resources } = synth();
    for (const family of [
      'agent-mesh-demo-critic-read_only',
      'agent-mesh-demo-critic-dry_run',
      'agent-mesh-demo-critic-execute',
      'agent-mesh-demo-critic-review',
    ]) {
      expect(containerSecretNames(resources, family)).toEqual([
        'AGENT_MESH_SECRET_MODEL_API_KEY',
      ]);
    }
  });

  it('gives a secret only to the lanes it names, in the task role and the container', () => {
    // GIVEN a deploy token for dry_run and execute only, besides the model key
    const { resources } = synth({
      secrets: [
        { name: 'model-api-key', lanes: ['read_only', 'dry_run', 'execute'] },
        { name: 'deploy-token', lanes: ['dry_run', 'execute'], canWrite: true },
      ],
    });
    const secretIds = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret')
      .map(([id, r]) => [r.Properties.Name, id]);
    const tokenId = secretIds.find(([name]) =>
      name.endsWith('deploy-token'),
    )![1];
    const readsToken = (role: string) =>
      roleStatements(resources, role).some(
        s =>
          s.Sid === 'ReadSecrets' &&
          JSON.stringify(s.Resource).includes(`"Ref":"${tokenId}"`),
      );
    // THEN read_only and the steps neither read nor get it; dry_run and execute do
    expect(readsToken('ComputeAgentCriticLaneReadOnlyTaskRole')).toBe(false);
    expect(readsToken('ComputeStepReviewTaskRole')).toBe(false);
    expect(readsToken('ComputeAgentCriticLaneDryRunTaskRole')).toBe(true);
    expect(readsToken('ComputeAgentCriticLaneExecuteTaskRole')).toBe(true);
    expect(
      containerSecretNames(resources, 'agent-mesh-demo-critic-read_only'),
    ).toEqual(['AGENT_MESH_SECRET_MODEL_API_KEY']);
    expect(
      containerSecretNames(resources, 'agent-mesh-demo-critic-execute'),
    ).toEqual([
      'AGENT_MESH_SECRET_MODEL_API_KEY',
      'AGENT_MESH_SECRET_DEPLOY_TOKEN',
    ]);
  });

  it('refuses a secret that can write outside the mesh for read_only, and bad declarations', () => {
    // GIVEN secrets a read_only agent must not hold WHEN the bus is built THEN it names each problem
    expect(() =>
      synth({
        secrets: [
          {
            name: 'deploy-token',
            lanes: ['read_only', 'execute'],
            canWrite: true,
          },
          { name: 'Bad Name', lanes: ['execute'] },
          { name: 'x', lanes: ['nowhere' as never] },
        ],
      }),
    ).toThrow(
      /secrets\[0\]\.lanes: "deploy-token" can write outside the mesh, so read_only may not read it[\s\S]*secrets\[1\]\.name: "Bad Name" is not a secret name[\s\S]*secrets\[2\]\.lanes: unknown lane "nowhere"/,
    );
  });

  it('creates each declared secret under the mesh', () => {
    const { template } = synth({
      secrets: [{ name: 'deploy-token', lanes: ['execute'] }],
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'agent-mesh/demo/deploy-token',
      Description: Match.stringLikeRegexp('deploy-token'),
    });
  });
});

describe('the ML database of the large tier', () => {
  // GIVEN the large tier WHEN synthesized
  const { template, stack } = synthTier('large', EXAMPLE_PROPS.large);
  const resources = template.toJSON().Resources as Resources;
  const clusterId = Object.keys(resources).find(
    id => resources[id].Type === 'AWS::RDS::DBCluster',
  )!;
  const usesDatabase = (role: string) =>
    roleStatements(resources, role).some(
      s =>
        [s.Action].flat().includes('rds-data:ExecuteStatement') &&
        JSON.stringify(s.Resource).includes(clusterId),
    );

  it('is usable by the execute lane through the Data API, and by no other lane or step', () => {
    // THEN every agent's execute role may run statements on the cluster, and no read_only, dry_run or step role may
    for (const agent of stack.compute.agents) {
      const pascal = agent
        .split('-')
        .map(p => p[0].toUpperCase() + p.slice(1))
        .join('');
      expect(usesDatabase(`ComputeAgent${pascal}LaneExecuteTaskRole`)).toBe(
        true,
      );
      expect(usesDatabase(`ComputeAgent${pascal}LaneDryRunTaskRole`)).toBe(
        false,
      );
      expect(usesDatabase(`ComputeAgent${pascal}LaneReadOnlyTaskRole`)).toBe(
        false,
      );
    }
    expect(usesDatabase('ComputeStepPlanTaskRole')).toBe(false);
    expect(usesDatabase('ComputeStepReviewTaskRole')).toBe(false);
  });

  it('tells only the execute task definitions where it is', () => {
    const environmentOf = (family: string) =>
      (
        Object.values(resources).find(
          r =>
            r.Type === 'AWS::ECS::TaskDefinition' &&
            r.Properties.Family === family,
        )!.Properties.ContainerDefinitions[0].Environment as any[]
      ).map(e => e.Name);
    expect(environmentOf('agent-mesh-search-staging-indexer-execute')).toEqual(
      expect.arrayContaining([
        'ML_DB_CLUSTER_ARN',
        'ML_DB_SECRET_ARN',
        'ML_DB_NAME',
        'ML_DB_ENDPOINT',
      ]),
    );
    for (const family of [
      'agent-mesh-search-staging-indexer-dry_run',
      'agent-mesh-search-staging-indexer-read_only',
    ]) {
      expect(environmentOf(family)).not.toContain('ML_DB_SECRET_ARN');
    }
  });
});
