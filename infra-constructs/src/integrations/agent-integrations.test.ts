import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { AgentIntegrations } from './agent-integrations';

describe('AgentIntegrations', () => {
  // GIVEN a bus WHEN Stripe and Vercel integrations are added
  const stack = new Stack(new App(), 'S');
  const eventBus = new events.EventBus(stack, 'Bus', {
    eventBusName: 'agent-mesh-demo',
  });
  new AgentIntegrations(stack, 'Integrations', {
    meshId: 'demo',
    eventBus,
    providers: ['stripe', 'vercel'],
  });
  const template = Template.fromStack(stack);

  it('creates a verifying handler per provider with its secret and the bus in its environment', () => {
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'agent-mesh-demo-stripe-webhook',
      Handler: 'webhook.handler',
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: Match.objectLike({
          AGENT_MESH_PROVIDER: 'stripe',
          AGENT_MESH_WEBHOOK_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'agent-mesh/demo/integrations/vercel-webhook',
    });
  });

  it('lets each handler put events only on the mesh bus and read only its own secret', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:DescribeSecret',
            ],
            Resource: { Ref: Match.stringLikeRegexp('StripeSecret') },
          }),
          Match.objectLike({
            Action: 'events:PutEvents',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('reserves concurrency for each webhook function (10 by default)', () => {
    expect(
      Object.values(template.findResources('AWS::Lambda::Function')).map(
        fn => fn.Properties.ReservedConcurrentExecutions,
      ),
    ).toEqual([10, 10]);
    // GIVEN another limit WHEN it is set THEN every function gets it
    const s = new Stack(new App(), 'R');
    new AgentIntegrations(s, 'I', {
      meshId: 'demo',
      eventBus: new events.EventBus(s, 'Bus'),
      providers: ['supabase'],
      reservedConcurrency: 3,
      replayWindow: Duration.days(2),
      secretCacheTtl: Duration.seconds(30),
    });
    Template.fromStack(s).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
      Environment: {
        Variables: Match.objectLike({
          AGENT_MESH_WEBHOOK_REPLAY_WINDOW_SECONDS: String(2 * 24 * 3600),
          AGENT_MESH_WEBHOOK_SECRET_TTL_SECONDS: '30',
        }),
      },
    });
  });

  it('keeps accepted event keys in a de-duplication table that expires them on expiresAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'agent-mesh-demo-webhook-events',
      KeySchema: [{ AttributeName: 'eventKey', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'agent-mesh-demo-vercel-webhook',
      Environment: {
        Variables: Match.objectLike({
          AGENT_MESH_WEBHOOK_EVENTS_TABLE: {
            Ref: Match.stringLikeRegexp('WebhookEvents'),
          },
          AGENT_MESH_WEBHOOK_REPLAY_WINDOW_SECONDS: String(7 * 24 * 3600),
          AGENT_MESH_WEBHOOK_SECRET_TTL_SECONDS: '300',
        }),
      },
    });
  });

  it("lets each handler only put and delete its own provider's keys, on that table alone", () => {
    const dynamoStatements = Object.values(
      template.findResources('AWS::IAM::Policy'),
    ).flatMap(policy =>
      (
        policy.Properties.PolicyDocument.Statement as {
          Action: string | string[];
        }[]
      ).filter(statement =>
        [statement.Action].flat().some(a => a.startsWith('dynamodb:')),
      ),
    );
    expect(dynamoStatements).toEqual(
      ['stripe', 'vercel'].map(provider => ({
        Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Effect: 'Allow',
        Resource: {
          'Fn::GetAtt': [
            expect.stringMatching(/^IntegrationsWebhookEvents/),
            'Arn',
          ],
        },
        Condition: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [`${provider}#*`],
          },
        },
      })),
    );
  });

  it('refuses a reserved concurrency below 1, a replay window shorter than the timestamp tolerance and a long secret cache', () => {
    const s = new Stack(new App(), 'V');
    expect(
      () =>
        new AgentIntegrations(s, 'I', {
          meshId: 'demo',
          eventBus: new events.EventBus(s, 'Bus'),
          providers: ['stripe'],
          reservedConcurrency: 0,
          replayWindow: Duration.minutes(1),
          secretCacheTtl: Duration.hours(2),
        }),
    ).toThrow(
      /reservedConcurrency: must be a whole number of at least 1, got 0[\s\S]*replayWindow: must be at least 10 minutes[\s\S]*secretCacheTtl: must be between 1 second and 1 hour/,
    );
  });

  it('exposes a function URL per provider', () => {
    template.resourceCountIs('AWS::Lambda::Url', 2);
  });

  it('refuses an unknown provider', () => {
    const s = new Stack(new App(), 'X');
    const bus = new events.EventBus(s, 'Bus');
    expect(
      () =>
        new AgentIntegrations(s, 'I', {
          meshId: 'demo',
          eventBus: bus,
          providers: ['github' as any],
        }),
    ).toThrow(
      /providers: unknown provider "github"; supported are stripe, supabase, vercel/,
    );
  });
});
