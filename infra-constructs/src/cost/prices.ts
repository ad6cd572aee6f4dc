/**
 * Public on-demand list prices in us-east-1 (USD), as published on each service's AWS pricing page
 * (checked 2025). Free tiers are ignored, so estimates are what a busy account pays.
 *
 * @public
 */
export const US_EAST_1_PRICES = {
  /** Fargate Linux/x86, per vCPU-hour. */
  fargateVcpuHour: 0.04048,
  /** Fargate Linux/x86, per GB-hour of memory. */
  fargateGbHour: 0.004445,
  /** Fargate Spot discount: AWS advertises "up to 70%" off; 70% is assumed. */
  fargateSpotDiscount: 0.7,
  /** Public IPv4 address, per hour (charged while a task in a public subnet runs). */
  publicIpv4Hour: 0.005,
  /** NAT gateway, per hour. */
  natGatewayHour: 0.045,
  /** NAT gateway, per GB processed. */
  natGatewayGb: 0.045,
  /** VPC interface endpoint, per hour in each zone it has a subnet in. */
  interfaceEndpointZoneHour: 0.01,
  /** VPC interface endpoint, per GB processed (first PB). Gateway endpoints (S3, DynamoDB) are free. */
  interfaceEndpointGb: 0.01,
  /** Step Functions Standard, per state transition (0.025 USD per 1,000). */
  stepFunctionsTransition: 0.000025,
  /** DynamoDB on-demand, per million write request units. */
  dynamoWriteMillion: 0.625,
  /** DynamoDB on-demand, per million read request units. */
  dynamoReadMillion: 0.125,
  /** DynamoDB storage, per GB-month. */
  dynamoStorageGbMonth: 0.25,
  /** DynamoDB point-in-time recovery, per GB-month. */
  dynamoPitrGbMonth: 0.2,
  /** S3 Standard storage, per GB-month (first 50 TB). */
  s3StorageGbMonth: 0.023,
  /** S3 PUT/COPY/POST/LIST, per 1,000 requests. */
  s3PutThousand: 0.005,
  /** S3 GET, per 1,000 requests. */
  s3GetThousand: 0.0004,
  /** EventBridge custom events, per million. */
  eventBridgeMillion: 1.0,
  /** EventBridge archive, per GB of events archived. */
  eventBridgeArchiveGb: 0.1,
  /** SQS standard queue, per million requests. */
  sqsMillion: 0.4,
  /** Secrets Manager, per secret-month. */
  secretMonth: 0.4,
  /** CloudWatch Logs ingestion, per GB. */
  logsIngestGb: 0.5,
  /** CloudWatch Logs storage, per GB-month. */
  logsStorageGbMonth: 0.03,
  /** CloudWatch standard-resolution metric alarm, per alarm-month. */
  alarmMonth: 0.1,
  /** CloudWatch dashboard, per dashboard-month (beyond the first three). */
  dashboardMonth: 3.0,
  /** CloudWatch custom metric (Container Insights emits these), per metric-month (first 10,000). */
  metricMonth: 0.3,
  /** KMS customer-managed key, per key-month. */
  kmsKeyMonth: 1.0,
  /** X-Ray traces recorded, per million. */
  xrayTraceMillion: 5.0,
  /** Aurora Serverless v2 (PostgreSQL, standard), per ACU-hour. */
  auroraAcuHour: 0.12,
  /** Aurora storage (standard), per GB-month. */
  auroraStorageGbMonth: 0.1,
  /** Aurora I/O (standard), per million requests. */
  auroraIoMillion: 0.2,
  /** Lambda, per million requests. */
  lambdaRequestMillion: 0.2,
  /** ECR private repository storage, per GB-month (pulls inside the region are free). */
  ecrStorageGbMonth: 0.1,
  /** SNS, per million publishes. */
  snsMillion: 0.5,
} as const;

/** Hours in an average month (8,760 / 12). @public */
export const HOURS_PER_MONTH = 730;
/** Days in an average month. @public */
export const DAYS_PER_MONTH = 30.42;
