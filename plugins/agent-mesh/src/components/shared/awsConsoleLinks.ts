/** The AWS console page of a Step Functions execution (a run) in its region. */
export function executionConsoleUrl(
  region: string,
  executionArn: string,
): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/states/home?region=${r}#/v2/executions/details/${executionArn}`;
}

/** The AWS console page of a CloudWatch alarm in its region. */
export function alarmConsoleUrl(region: string, alarmName: string): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/cloudwatch/home?region=${r}#alarmsV2:alarm/${encodeURIComponent(
    alarmName,
  )}`;
}
