import { AGENT_MESH_TAGS, LANES, Lane, TIERS } from '@agent-mesh/mesh-model';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import {
  TemplateStatement,
  isReadAction,
  laneRuleViolations,
} from './lane-rules';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** Every statement granted to `roleId`: inline policies, attached AWS::IAM::Policy documents, managed policies. */
function statementsOf(
  resources: Resources,
  roleId: string,
): TemplateStatement[] {
  const role = resources[roleId];
  const inline = (role.Properties?.Policies ?? []).flatMap(
    (p: any) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(resources)
    .filter(
      r =>
        r.Type === 'AWS::IAM::Policy' &&
        r.Properties.Roles.some((ref: any) => ref.Ref === roleId),
    )
    .flatMap(r => r.Properties.PolicyDocument.Statement);
  expect(role.Properties?.ManagedPolicyArns ?? []).toEqual([]);
  return [...inline, ...attached];
}

function laneRoles(resources: Resources): Array<{ id: string; lane: Lane }> {
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([id, r]) => ({
      id,
      lane: r.Properties.Tags?.find((t: any) => t.Key === AGENT_MESH_TAGS.lane)
        ?.Value,
    }))
    .filter((r): r is { id: string; lane: Lane } => LANES.includes(r.lane));
}

describe.each(TIERS)('IAM lane rules in the synthesized %s tier', tier => {
  const { template, stack } = synthTier(tier, EXAMPLE_PROPS[tier]);
  const resources = template.toJSON().Resources as Resources;
  // The mesh's own resources: the bus, and in the large tier the ML database the execute lane uses.
  const meshIds = Object.entries(resources)
    .filter(([id]) => id.startsWith('Bus') || id.startsWith('MlFeatures'))
    .map(([id]) => id);
  const roles = laneRoles(resources);

  it('has one task role per agent and lane', () => {
    expect(roles).toHaveLength(
      stack.compute.agents.length * stack.compute.lanes.length,
    );
  });

  it('creates no role for a lane the tier does not have', () => {
    const absent = LANES.filter(l => !stack.compute.lanes.includes(l));
    expect(roles.filter(r => absent.includes(r.lane))).toEqual([]);
  });

  const present = LANES.filter(l => stack.compute.lanes.includes(l));
  it.each(present)('proves the %s rules statement by statement', lane => {
    const ofLane = roles.filter(r => r.lane === lane);
    expect(ofLane.length).toBe(stack.compute.agents.length);
    for (const role of ofLane) {
      const statements = statementsOf(resources, role.id);
      const violations = statements.flatMap(s =>
        laneRuleViolations(lane, s, meshIds),
      );
      expect({ role: role.id, violations }).toEqual({
        role: role.id,
        violations: [],
      });
    }
  });

  it.each(present)('gives %s roles exactly the writes of their lane', lane => {
    const writesOf = (id: string) =>
      statementsOf(resources, id)
        .filter(s => s.Effect === 'Allow')
        .flatMap(s => [s.Action].flat())
        .filter(a => !isReadAction(a))
        .sort();
    // The same item, object and event writes; dry_run's are confined by conditions and prefixes (tested above).
    const stateWrites = [
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'events:PutEvents',
      's3:DeleteObject',
      's3:PutObject',
    ];
    const expected: Record<Lane, string[]> = {
      read_only: [],
      dry_run: stateWrites,
      execute: [
        ...stateWrites,
        // the large tier's ML database, through the Data API (see ML_DATABASE_LANES)
        ...(tier === 'large'
          ? [
              'rds-data:BatchExecuteStatement',
              'rds-data:BeginTransaction',
              'rds-data:CommitTransaction',
              'rds-data:ExecuteStatement',
              'rds-data:RollbackTransaction',
            ]
          : []),
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ].sort(),
    };
    for (const role of roles.filter(r => r.lane === lane)) {
      expect(writesOf(role.id)).toEqual(expected[lane]);
    }
  });

  it('denies execute roles any write to lane items, so an agent cannot promote itself', () => {
    const executeRoles = roles.filter(r => r.lane === 'execute');
    expect(executeRoles.length).toBe(
      stack.compute.lanes.includes('execute') ? stack.compute.agents.length : 0,
    );
    for (const role of executeRoles) {
      expect(statementsOf(resources, role.id)).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: {
            'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['agent#*'] },
          },
        }),
      );
    }
  });
});

describe('workflow step roles (plan, review)', () => {
  it('only read, and answer the orchestration task token', () => {
    const { template } = synthTier('medium', EXAMPLE_PROPS.medium);
    const resources = template.toJSON().Resources as Resources;
    const stepRoles = Object.keys(resources).filter(id =>
      /^ComputeStep(Plan|Review)TaskRole[0-9A-F]+$/.test(id),
    );
    expect(stepRoles).toHaveLength(2);
    for (const id of stepRoles) {
      const writes = statementsOf(resources, id)
        .filter(s => s.Effect === 'Allow')
        .flatMap(s =>
          [s.Action]
            .flat()
            .filter(a => !isReadAction(a))
            .map(a => ({ a, r: s.Resource })),
        );
      expect(writes.map(w => w.a).sort()).toEqual([
        'states:SendTaskFailure',
        'states:SendTaskHeartbeat',
        'states:SendTaskSuccess',
      ]);
      expect(JSON.stringify(writes[0].r)).toContain(
        ':stateMachine:agent-mesh-billing-prod-orchestration',
      );
    }
  });
});

describe('the lane rule checker', () => {
  const bucket = {
    'Fn::Join': ['', [{ 'Fn::GetAtt': ['BusBucket', 'Arn'] }, '/*']],
  };
  it('rejects a write in a read_only role', () => {
    expect(
      laneRuleViolations(
        'read_only',
        { Effect: 'Allow', Action: 's3:PutObject', Resource: bucket },
        ['BusBucket'],
      ),
    ).toHaveLength(1);
  });
  it('rejects a dry_run S3 write outside dry-run/ and a DynamoDB write without a key condition', () => {
    expect(
      laneRuleViolations(
        'dry_run',
        { Effect: 'Allow', Action: 's3:PutObject', Resource: bucket },
        ['BusBucket'],
      ),
    ).toHaveLength(1);
    expect(
      laneRuleViolations(
        'dry_run',
        { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: 'arn:table' },
        [],
      ),
    ).toHaveLength(1);
  });
  it('rejects an execute write on "*" or outside the mesh', () => {
    expect(
      laneRuleViolations(
        'execute',
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
        ['BusQueue'],
      ),
    ).toHaveLength(1);
    expect(
      laneRuleViolations(
        'execute',
        {
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:1:other',
        },
        ['BusQueue'],
      ),
    ).toHaveLength(1);
  });
  it("rejects events:PutEvents not limited to the agent's own events:source", () => {
    // GIVEN an execute PutEvents with no source condition, and one allowing the orchestration's source
    const bus = { Ref: 'BusEventBus' };
    const put = (Condition?: TemplateStatement['Condition']) =>
      laneRuleViolations(
        'execute',
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: bus,
          Condition,
        },
        ['BusEventBus'],
      );
    // WHEN checked THEN both are violations, and the agent's own source passes
    expect(put()).toHaveLength(1);
    expect(
      put({ StringEquals: { 'events:source': ['agent-mesh.orchestration'] } }),
    ).toHaveLength(1);
    expect(
      put({ StringEquals: { 'events:source': ['agent-mesh.agent.critic'] } }),
    ).toEqual([]);
  });
  it('counts wildcard actions as writes', () => {
    expect(isReadAction('s3:Get*')).toBe(false);
    expect(isReadAction('dynamodb:Query')).toBe(true);
  });
});
