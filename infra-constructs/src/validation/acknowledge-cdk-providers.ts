import { Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

const BASIC_EXECUTION_ROLE =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** The singleton Lambdas aws-cdk-lib adds to a stack, by their construct id, with what they are acknowledged for. */
const CDK_PROVIDERS: ReadonlyArray<{
  readonly id: string;
  readonly acknowledgements: ReadonlyArray<{ id: string; reason: string }>;
}> = [
  {
    id: 'AWS679f53fac002430cb0da5b7982bd2287',
    acknowledgements: [
      {
        id: BASIC_EXECUTION_ROLE,
        reason:
          "aws-cdk-lib's AwsCustomResource provider (writes the initial lane items, enables pgvector) uses AWSLambdaBasicExecutionRole, which only writes its own logs.",
      },
    ],
  },
  {
    id: 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a',
    acknowledgements: [
      {
        id: BASIC_EXECUTION_ROLE,
        reason:
          "aws-cdk-lib's log-retention provider (sets the Aurora log groups' retention) uses AWSLambdaBasicExecutionRole, which only writes its own logs.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only logs:DeleteRetentionPolicy, logs:PutRetentionPolicy on "*": aws-cdk-lib\'s log-retention provider sets retention on log groups that RDS creates at run time, whose names it cannot know in advance.',
      },
    ],
  },
];

/**
 * Acknowledges the findings on the singleton Lambdas aws-cdk-lib adds to a stack (the
 * AwsCustomResource provider and the log-retention provider). Their roles are defined by
 * aws-cdk-lib, not by this library, and cannot be changed without forking it.
 */
export function acknowledgeCdkProviders(scope: Construct): void {
  const stack = Stack.of(scope);
  for (const provider of CDK_PROVIDERS) {
    const construct = stack.node.tryFindChild(provider.id);
    if (construct) {
      provider.acknowledgements.forEach(a =>
        Validations.of(construct).acknowledge(a),
      );
    }
  }
}
