import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DENY_WITHOUT_TLS } from '../testing/matchers';
import { MeshAlarmTopic } from './alarm-topic';

describe('MeshAlarmTopic', () => {
  // GIVEN a stack WHEN the alarm topic is added with a subscriber
  const stack = new Stack(new App(), 'S');
  const alarmTopic = new MeshAlarmTopic(stack, 'AlarmTopic', {
    meshId: 'demo',
    email: 'ops@example.com',
  });
  const template = Template.fromStack(stack);

  it('names the topic by convention and encrypts it with its own rotated key', () => {
    const keyId = stack.resolve(
      (alarmTopic.key.node.defaultChild as any).logicalId,
    );
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'agent-mesh-demo-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
    });
  });

  it.each(['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'])(
    'lets %s use the key',
    service => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Principal: { Service: service },
            }),
          ]),
        },
      });
    },
  );

  it("lets this account's budgets publish, and refuses requests without TLS", () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          DENY_WITHOUT_TLS,
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'budgets.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
  });

  it('subscribes the e-mail address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('refuses an invalid mesh id and e-mail address together', () => {
    expect(
      () =>
        new MeshAlarmTopic(new Stack(new App(), 'X'), 'T', {
          meshId: 'X',
          email: 'not-an-address',
        }),
    ).toThrow(
      /Invalid MeshAlarmTopic props:\n {2}- meshId: "X" is not a valid mesh id[\s\S]*- email: "not-an-address" is not an e-mail address/,
    );
  });
});
