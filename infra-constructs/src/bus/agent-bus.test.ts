import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DENY_WITHOUT_TLS } from '../testing/matchers';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AGENT_MESH_ENV, AgentBus, queuesSubtasks } from './agent-bus';

describe('AgentBus', () => {
  // GIVEN a stack WHEN a bus is added
  const stack = new Stack(new App(), 'S');
  const bus = new AgentBus(stack, 'Bus', {
    meshId: 'billing-dev',
    temporaryDataExpirationDays: 3,
  });
  const template = Template.fromStack(stack);

  it('creates the KV table on demand with PITR, TTL and encryption, named by convention', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'agent-mesh-billing-dev-kv',
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        Match.objectLike({ AttributeName: 'pk' }),
        Match.objectLike({ AttributeName: 'sk' }),
      ],
    });
  });

  it('creates a versioned, encrypted, private artifacts bucket with tiering and temporary-data expiry', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [Match.objectLike({})],
      }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Transitions: [
              { StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 },
            ],
          }),
          Match.objectLike({ Prefix: 'tmp/', ExpirationInDays: 3 }),
          Match.objectLike({ Prefix: 'dry-run/', ExpirationInDays: 3 }),
        ]),
      },
    });
  });

  it('denies non-TLS access to the artifacts bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([DENY_WITHOUT_TLS]),
      },
    });
  });

  it('creates the event bus with an archive and the agent-events rule feeding the subtask queue', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'agent-mesh-billing-dev',
    });
    template.hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'agent-mesh-billing-dev-agent-events',
      EventPattern: { 'detail-type': ['agent-mesh.subtask.requested'] },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('keeps approval requests, which carry task tokens, out of the event archive', () => {
    // THEN the archive takes every event of the account except the approval requests
    template.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: {
        account: [{ Ref: 'AWS::AccountId' }],
        'detail-type': [{ 'anything-but': ['agent-mesh.approval.requested'] }],
      },
    });
  });

  it('creates an encrypted subtask queue with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'agent-mesh-billing-dev-subtasks',
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: Match.anyValue(),
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'agent-mesh-billing-dev-subtasks-dlq',
      SqsManagedSseEnabled: true,
    });
  });

  it('creates the secrets and exposes the environment a task needs', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'agent-mesh/billing-dev/model-api-key',
    });
    expect(Object.keys(bus.taskEnvironment).sort()).toEqual(
      Object.values(AGENT_MESH_ENV).sort(),
    );
  });

  it('creates no subtask queue, dead-letter queue or agent-events rule for a mesh without the execute lane', () => {
    // GIVEN a bus whose agents only read and dry-run (the small tier)
    const small = new Stack(new App(), 'Small');
    const smallBus = new AgentBus(small, 'Bus', {
      meshId: 'team-dev',
      lanes: ['read_only', 'dry_run'],
    });
    const role = new iam.Role(small, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    // WHEN its lanes are granted
    const granted = [
      ...smallBus.grantLane(role, 'read_only', 'critic'),
      ...smallBus.grantLane(role, 'dry_run', 'critic'),
    ];
    const t = Template.fromStack(small);
    // THEN there is no queue nothing would read, no rule feeding one, and no queue URL for the tasks
    expect(queuesSubtasks(['read_only', 'dry_run'])).toBe(false);
    t.resourceCountIs('AWS::SQS::Queue', 0);
    t.resourceCountIs('AWS::Events::Rule', 0);
    expect(smallBus.subtaskQueue).toBeUndefined();
    expect(smallBus.deadLetterQueue).toBeUndefined();
    expect(smallBus.taskEnvironment).not.toHaveProperty(
      AGENT_MESH_ENV.queueUrl,
    );
    // AND no lane is granted anything on SQS
    const actions = granted.flatMap(s => s.toStatementJson().Action);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter(a => String(a).startsWith('sqs:'))).toEqual([]);
    // AND the default bus (all lanes) still grants execute its queue
    const executeActions = bus
      .grantLane(
        new iam.Role(stack, 'ExecuteRole', {
          assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        }),
        'execute',
        'critic',
      )
      .flatMap(s => [s.toStatementJson().Action].flat());
    expect(executeActions).toContain('sqs:ReceiveMessage');
  });

  it('retains data in prod', () => {
    const prod = new Stack(new App(), 'P');
    new AgentBus(prod, 'Bus', { meshId: 'billing-prod', environment: 'prod' });
    const table = Template.fromStack(prod).findResources(
      'AWS::DynamoDB::Table',
    );
    expect(Object.values(table)).toEqual([
      expect.objectContaining({
        DeletionPolicy: 'Retain',
        Properties: expect.objectContaining({
          DeletionProtectionEnabled: true,
        }),
      }),
    ]);
  });

  it('refuses an empty or unknown lane list', () => {
    expect(
      () =>
        new AgentBus(new Stack(new App(), 'L'), 'Bus', {
          meshId: 'abc',
          lanes: ['read_only', 'admin' as never],
        }),
    ).toThrow(/lanes: unknown lane "admin"/);
    expect(
      () =>
        new AgentBus(new Stack(new App(), 'E'), 'Bus', {
          meshId: 'abc',
          lanes: [],
        }),
    ).toThrow(/lanes: must list at least one lane/);
  });

  it('refuses a non-positive expiry', () => {
    expect(
      () =>
        new AgentBus(new Stack(new App(), 'X'), 'Bus', {
          meshId: 'abc',
          temporaryDataExpirationDays: 0,
        }),
    ).toThrow(/temporaryDataExpirationDays: must be a number greater than 0/);
  });
});
