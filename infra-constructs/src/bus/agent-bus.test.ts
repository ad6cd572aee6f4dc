import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DENY_WITHOUT_TLS } from '../testing/matchers';
import { AGENT_MESH_ENV, AgentBus } from './agent-bus';

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
