import { meshResourceNames } from '@agent-mesh/mesh-model';
import { App } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { taskFamily } from '../naming/task-families';
import {
  awsSolutionsAcknowledgements,
  openViolations,
} from '../testing/validation-report';
import { LargeMesh } from '../tiers/large-mesh';
import { MediumMesh } from '../tiers/medium-mesh';
import { SmallMesh } from '../tiers/small-mesh';
import { buildMeshApp, createMeshStack, meshStackId } from './mesh-app';
import { MeshConfig } from './mesh-config';

const config: MeshConfig = {
  meshId: 'billing-dev',
  tier: 'small',
  environment: 'dev',
  awsAccountId: '123456789012',
  region: 'eu-west-1',
  agents: ['conductor', 'critic', 'sweeper', 'billing-bot'],
  initialLane: 'read_only',
  monthlyBudgetUsd: 100,
  integrations: [],
};

function build(overrides: Partial<MeshConfig> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-app-'));
  return { outdir, ...buildMeshApp({ ...config, ...overrides }, { outdir }) };
}

describe('buildMeshApp', () => {
  // GIVEN a small mesh configuration, WHEN its app is built and synthesized with cdk-nag
  const { app, stack, outdir } = build();
  const assembly = app.synth();
  const template = Template.fromStack(stack);

  it('builds the tier stack named after the mesh, with a description', () => {
    expect(stack).toBeInstanceOf(SmallMesh);
    expect(stack.stackName).toBe('agent-mesh-billing-dev');
    expect(assembly.getStackByName('agent-mesh-billing-dev').template).toEqual(
      expect.objectContaining({
        Description: 'Agent mesh billing-dev (small)',
      }),
    );
  });

  it("tags the mesh's resources with the configuration's catalog entity ref", () => {
    // GIVEN a configuration naming its System / WHEN its stack is built
    const withRef = createMeshStack(new App(), {
      ...config,
      catalogEntityRef: 'system:default/billing-dev',
    });
    // THEN the orchestration carries the entity tag
    const [machine] = Object.values(
      Template.fromStack(withRef).findResources(
        'AWS::StepFunctions::StateMachine',
        {
          Properties: {
            StateMachineName: 'agent-mesh-billing-dev-orchestration',
          },
        },
      ),
    );
    expect(machine.Properties.Tags).toContainEqual({
      Key: 'agent-mesh:entity',
      Value: 'system:default/billing-dev',
    });
  });

  it('names the workflow, table and bus after the mesh id', () => {
    const names = meshResourceNames(config.meshId);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: names.orchestrationStateMachine,
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: names.kvTable,
    });
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: names.eventBus,
    });
  });

  it('has a task definition in the initial lane for every agent', () => {
    for (const agent of config.agents) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: taskFamily(config.meshId, agent, 'read_only'),
      });
    }
  });

  it('registers cdk-nag AwsSolutions, which leaves no unacknowledged error or warning', () => {
    // THEN the validation report (if any) holds no open violation
    expect(openViolations(outdir) ?? []).toEqual([]);
    // AND the AwsSolutions pack ran: the tier's acknowledgements of its rules are on the app
    const acknowledged = awsSolutionsAcknowledgements(app);
    expect(acknowledged.length).toBeGreaterThan(0);
  });

  it('fails synthesis on an unacknowledged cdk-nag error', () => {
    // GIVEN a mesh app with an extra, non-compliant bucket WHEN it synthesizes THEN cdk-nag fails it
    const extra = build();
    new Bucket(extra.stack, 'OpenBucket');
    expect(() => extra.app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it("runs the configured image tag from the mesh's repository and gives secrets to their lanes", () => {
    // GIVEN a configuration with an image tag and a deploy token for execute only
    const { stack: tagged } = build({
      imageTag: 'release-7',
      secrets: [
        { name: 'model-api-key', lanes: ['read_only', 'dry_run'] },
        { name: 'deploy-token', lanes: ['dry_run'], canWrite: true },
      ],
    });
    // WHEN synthesized THEN containers run that tag and the token is only in dry_run's task definitions
    const json = JSON.stringify(Template.fromStack(tagged).toJSON());
    expect(json).toContain(':release-7');
    expect(tagged.compute.taskDefinitions.critic.read_only).toBeDefined();
    const secretsOf = (lane: 'read_only' | 'dry_run') =>
      tagged
        .resolve(
          tagged.compute.taskDefinitions.critic[lane]!.findContainer(
            'agent',
          )!.renderContainerDefinition().secrets,
        )
        .map((s: { name: string }) => s.name);
    expect(secretsOf('read_only')).toEqual(['AGENT_MESH_SECRET_MODEL_API_KEY']);
    expect(secretsOf('dry_run')).toEqual([
      'AGENT_MESH_SECRET_MODEL_API_KEY',
      'AGENT_MESH_SECRET_DEPLOY_TOKEN',
    ]);
  });

  it('builds the medium and large tiers with their integrations', () => {
    const medium = build({ tier: 'medium', integrations: ['stripe'] }).stack;
    expect(medium).toBeInstanceOf(MediumMesh);
    Template.fromStack(medium).resourcePropertiesCountIs(
      'AWS::Lambda::Url',
      Match.anyValue(),
      1,
    );
    const large = build({ tier: 'large', meshId: 'billing-prod' }).stack;
    expect(large).toBeInstanceOf(LargeMesh);
    expect(large.stackName).toBe('agent-mesh-billing-prod');
  });

  it("refuses a configuration the tier stack's props validation rejects, naming the prop", () => {
    expect(() => build({ agents: ['conductor'] })).toThrow(
      /Invalid small mesh props:\n {2}- agents: must include the core agents/,
    );
  });

  it('builds an invalid mesh id under a neutral id so the tier stack names the problem', () => {
    expect(meshStackId('Bad_Mesh')).toBe('agent-mesh-invalid-mesh-id');
    expect(meshStackId('billing-dev')).toBe('agent-mesh-billing-dev');
    expect(() => build({ meshId: 'Bad_Mesh' })).toThrow(
      /meshId: "Bad_Mesh" is not a valid mesh id/,
    );
  });

  it('refuses webhook integrations on the small tier', () => {
    expect(() =>
      createMeshStack(new App(), { ...config, integrations: ['stripe'] }),
    ).toThrow(
      'integrations: the small tier has no webhook integrations; choose medium or large',
    );
  });

  describe('with deploy credentials', () => {
    afterEach(() => {
      delete process.env.CDK_DEFAULT_ACCOUNT;
    });

    it('refuses credentials of another account', () => {
      process.env.CDK_DEFAULT_ACCOUNT = '000000000000';
      expect(() => build()).toThrow(
        'The AWS credentials in use are for account 000000000000, but mesh.config.json deploys to 123456789012',
      );
    });

    it('accepts credentials of the configured account', () => {
      process.env.CDK_DEFAULT_ACCOUNT = config.awsAccountId;
      expect(build().stack.stackName).toBe('agent-mesh-billing-dev');
    });
  });
});
