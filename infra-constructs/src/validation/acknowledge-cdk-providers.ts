import { Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

const BASIC_EXECUTION_ROLE =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/**
 * Acknowledges the findings on the singleton Lambdas aws-cdk-lib adds to a stack (the
 * AwsCustomResource provider and the log-retention provider). Their roles are defined by
 * aws-cdk-lib, not by this library, and cannot be changed without forking it.
 */
export function acknowledgeCdkProviders(scope: Construct): void {
  const stack = Stack.of(scope);
  const customResourceProvider = stack.node.tryFindChild(
    'AWS679f53fac002430cb0da5b7982bd2287',
  );
  if (customResourceProvider) {
    Validations.of(customResourceProvider).acknowledge({
      id: BASIC_EXECUTION_ROLE,
      reason:
        "aws-cdk-lib's AwsCustomResource provider (seeds lane items, enables pgvector) uses AWSLambdaBasicExecutionRole, which only writes its own logs.",
    });
  }
  const logRetentionProvider = stack.node.tryFindChild(
    'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a',
  );
  if (logRetentionProvider) {
    Validations.of(logRetentionProvider).acknowledge({
      id: BASIC_EXECUTION_ROLE,
      reason:
        "aws-cdk-lib's log-retention provider (sets the Aurora log groups' retention) uses AWSLambdaBasicExecutionRole, which only writes its own logs.",
    });
    Validations.of(logRetentionProvider).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "aws-cdk-lib's log-retention provider sets retention on log groups that RDS creates at run time, whose names it cannot know in advance.",
    });
  }
}
