import { alarmConsoleUrl, executionConsoleUrl } from './awsConsoleLinks';

describe('AWS console links', () => {
  it('links a run to its Step Functions execution page in its region', () => {
    expect(
      executionConsoleUrl(
        'eu-west-1',
        'arn:aws:states:eu-west-1:123456789012:execution:agent-mesh-billing-dev-orchestration:run-42',
      ),
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:agent-mesh-billing-dev-orchestration:run-42',
    );
  });

  it('links an alarm to its CloudWatch page, its name encoded', () => {
    expect(
      alarmConsoleUrl('us-east-1', 'agent-mesh-billing-staging-dlq depth'),
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/agent-mesh-billing-staging-dlq%20depth',
    );
  });
});
