import { IntrinsicResolver } from './resolveIntrinsics';

describe('IntrinsicResolver', () => {
  // GIVEN a template's resources and a local target
  const resources = {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'kv' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'subtasks' } },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { StateMachineName: 'flow' },
    },
    Topic: { Type: 'AWS::SNS::Topic' },
  };
  const resolver = new IntrinsicResolver(resources, {
    account: '111122223333',
    region: 'eu-west-1',
    overrides: { 'Topic.Arn': 'arn:local:topic' },
  });

  it('resolves pseudo parameters and names to the target', () => {
    expect(resolver.resolve({ Ref: 'AWS::AccountId' })).toBe('111122223333');
    expect(resolver.resolve({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(resolver.resolve({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(resolver.resolve({ Ref: 'Table' })).toBe('kv');
  });

  it('builds ARNs and queue URLs the way AWS names them', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(
      'arn:aws:dynamodb:eu-west-1:111122223333:table/kv',
    );
    expect(resolver.resolve({ Ref: 'Queue' })).toBe(
      'https://sqs.eu-west-1.amazonaws.com/111122223333/subtasks',
    );
    expect(resolver.resolve({ Ref: 'Machine' })).toBe(
      'arn:aws:states:eu-west-1:111122223333:stateMachine:flow',
    );
  });

  it('joins and selects inside nested values, and uses overrides first', () => {
    expect(
      resolver.resolve({
        a: [
          {
            'Fn::Join': [
              ':',
              ['x', { Ref: 'Table' }, { 'Fn::Select': [1, ['p', 'q']] }],
            ],
          },
        ],
        b: { 'Fn::GetAtt': 'Topic.Arn' },
      }),
    ).toEqual({ a: ['x:kv:q'], b: 'arn:local:topic' });
  });

  it('refuses what it cannot resolve locally', () => {
    expect(() => resolver.resolve({ 'Fn::Sub': 'x' })).toThrow(
      /Cannot resolve Fn::Sub locally/,
    );
    expect(() => resolver.resolve({ Ref: 'Missing' })).toThrow(
      /no resource Missing/,
    );
  });
});
