import { App, Stack } from 'aws-cdk-lib';
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
