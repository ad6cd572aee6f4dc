import { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * An AWS Control Tower proactive control (as shipped for cfn-guard) that a kind of mesh resource does not meet
 * on purpose, with the reason. Every suppression carries its reason, like a cdk-nag acknowledgement.
 *
 * @public
 */
export interface ControlTowerSuppression {
  /** The cfn-guard rule name, e.g. `cloudwatch_log_group_encrypted_check`. */
  readonly rule: string;
  /** The CloudFormation type it applies to. */
  readonly resourceType: string;
  /** Why the mesh does not meet the control (at least a sentence). */
  readonly reason: string;
  /** Applies only to resources whose properties match; all of the type when absent. */
  readonly when?: (properties: Record<string, unknown>) => boolean;
}

const WEBHOOK_REASON =
  'Webhook function URLs must be reachable by Stripe, Supabase and Vercel without AWS credentials; every request is authenticated by its signature in the handler (integrations/handlers/signatures.js) before anything is put on the bus.';

/**
 * The Control Tower controls the mesh stacks do not meet, by resource type, with reasons. Fixed instead:
 * CT.KMS.PR.3 (the alarm-topic key denies CreateGrant except for AWS services) and CT.EC2.PR.11 (public
 * subnets no longer map public IPs on launch; tasks ask for one with assignPublicIp).
 *
 * @public
 */
export const CONTROL_TOWER_SUPPRESSIONS: readonly ControlTowerSuppression[] = [
  {
    rule: 'cloudwatch_alarm_action_check',
    resourceType: 'AWS::CloudWatch::Alarm',
    when: p => !p.AlarmActions,
    reason:
      'The small tier has no alarm topic (TIER_FACTS.small.alarmTopic is false, to stay in its cost band): the portal reads alarm states by the agent-mesh-<id>- prefix. Medium and large alarms notify their topic.',
  },
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    resourceType: 'AWS::Logs::LogGroup',
    when: p => typeof p.RetentionInDays === 'number' && p.RetentionInDays < 365,
    reason:
      'Dev and staging keep logs a week and a month (LOG_RETENTION_BY_ENVIRONMENT) to keep their log storage bill down; prod keeps a year, which the control accepts.',
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    resourceType: 'AWS::Logs::LogGroup',
    reason:
      'CloudWatch Logs encrypts every log group at rest with service keys; a customer-managed key per mesh adds a key and KMS request costs without changing who can read the logs (IAM decides that).',
  },
  {
    rule: 'ecs_task_definition_nonroot_user_check',
    resourceType: 'AWS::ECS::TaskDefinition',
    reason:
      "Agent images are built by each team and their non-root UID is unknown to the mesh: the image's USER applies. Open: let AgentCompute take a user per agent.",
  },
  {
    rule: 'ecs_containers_readonly_access_check',
    resourceType: 'AWS::ECS::TaskDefinition',
    reason:
      'Agents write their working copy (clones, build outputs) to the container filesystem; a read-only root needs a scratch volume per lane, which AgentCompute does not mount yet.',
  },
  {
    rule: 'ecs_task_definition_memory_hard_limit_check',
    resourceType: 'AWS::ECS::TaskDefinition',
    reason:
      'On Fargate the task-level Memory is a hard limit the single agent container cannot exceed; a container-level limit would only repeat it.',
  },
  {
    rule: 'lambda_inside_vpc_check',
    resourceType: 'AWS::Lambda::Function',
    reason:
      'Custom-resource providers and webhook handlers call only AWS APIs and public webhooks senders answer them; inside the VPC they would need NAT or endpoints, and the small tier has no private subnets.',
  },
  {
    rule: 'lambda_function_public_access_prohibited_check',
    resourceType: 'AWS::Lambda::Permission',
    reason: WEBHOOK_REASON,
  },
  {
    rule: 'lambda_function_url_auth_check',
    resourceType: 'AWS::Lambda::Url',
    reason: WEBHOOK_REASON,
  },
  {
    rule: 'rds_instance_enhanced_monitoring_enabled_check',
    resourceType: 'AWS::RDS::DBInstance',
    reason:
      'Capacity and connections come from the CloudWatch metrics on the dashboard (ServerlessDatabaseCapacity, ACUUtilization, DatabaseConnections); enhanced monitoring adds a role and OS metrics billed as logs.',
  },
  {
    rule: 'rds_cluster_deletion_protection_enabled_check',
    resourceType: 'AWS::RDS::DBCluster',
    when: p => p.DeletionProtection !== true,
    reason:
      'Deletion protection is on in prod; dev and staging meshes are meant to be torn down with their stack (as acknowledged for AwsSolutions-RDS10).',
  },
  {
    rule: 's3_bucket_default_encryption_kms_check',
    resourceType: 'AWS::S3::Bucket',
    reason:
      'SSE-S3 (AES-256) encrypts the buckets; SSE-KMS would bill a KMS request per object, and S3 server access logs can only be delivered to an SSE-S3 bucket.',
  },
  {
    rule: 's3_bucket_versioning_enabled_check',
    resourceType: 'AWS::S3::Bucket',
    when: p => !p.VersioningConfiguration,
    reason:
      'The access-log bucket receives write-once log objects that expire after 90 days; versioning would only keep deleted logs longer.',
  },
  {
    rule: 's3_bucket_logging_enabled_check',
    resourceType: 'AWS::S3::Bucket',
    when: p => !p.LoggingConfiguration,
    reason:
      'This is the access-log bucket the artifacts bucket logs to; logging it into itself would loop.',
  },
  {
    rule: 's3_event_notifications_enabled_check',
    resourceType: 'AWS::S3::Bucket',
    reason:
      'Nothing consumes object events: agents report their evidence through the mesh bus, not through S3 notifications.',
  },
  {
    rule: 's3_bucket_acl_prohibited_check',
    resourceType: 'AWS::S3::Bucket',
    when: p => p.AccessControl === 'LogDeliveryWrite',
    reason:
      'The access-log bucket grants the S3 log delivery group write access (LogDeliveryWrite), which server access logging needs; public ACLs stay blocked.',
  },
  {
    rule: 's3_bucket_object_lock_enabled_check',
    resourceType: 'AWS::S3::Bucket',
    reason:
      'Lifecycle rules expire tmp/, dry-run/ and access-log objects, and dev stacks delete their buckets; object lock would forbid both.',
  },
  {
    rule: 'sqs_dlq_check',
    resourceType: 'AWS::SQS::Queue',
    when: p => !p.RedrivePolicy,
    reason:
      'This is a dead-letter queue itself (subtasks or webhooks); a dead-letter queue for it would catch nothing an alarm on its depth does not already show.',
  },
];

/** Metadata key holding the reason of each suppressed rule, next to cfn-guard's `guard.SuppressedRules`. */
export const GUARD_REASONS_METADATA = 'guardReasons';

/**
 * Suppresses the cfn-guard rule `rule` on `resource` with its reason: `Metadata.guard.SuppressedRules` gets the
 * rule and `Metadata.guardReasons[rule]` the reason.
 *
 * @public
 */
export function suppressGuardRule(
  resource: CfnResource,
  rule: string,
  reason: string,
): void {
  if (reason.trim().length < 20) {
    throw new Error(
      `Suppressing ${rule} on ${resource.node.path} needs a reason (a sentence), got "${reason}"`,
    );
  }
  const guard = (resource.getMetadata('guard') ?? {}) as {
    SuppressedRules?: string[];
  };
  const rules = new Set(guard.SuppressedRules ?? []);
  rules.add(rule);
  resource.addMetadata('guard', { ...guard, SuppressedRules: [...rules] });
  const reasons = (resource.getMetadata(GUARD_REASONS_METADATA) ??
    {}) as Record<string, string>;
  resource.addMetadata(GUARD_REASONS_METADATA, { ...reasons, [rule]: reason });
}

/**
 * Applies {@link CONTROL_TOWER_SUPPRESSIONS} to every matching resource, once the stack is built (as an Aspect,
 * so resources added by tier subclasses and by other constructs are covered).
 *
 * @public
 */
export class ControlTowerSuppressions implements IAspect {
  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const matching = CONTROL_TOWER_SUPPRESSIONS.filter(
      s => s.resourceType === node.cfnResourceType,
    );
    if (matching.length === 0) return;
    // The resource as it will be synthesized (its template fragment), to match on its CloudFormation properties.
    const fragment = Stack.of(node).resolve(
      (node as unknown as { _toCloudFormation(): object })._toCloudFormation(),
    ) as {
      Resources?: Record<string, { Properties?: Record<string, unknown> }>;
    };
    const properties =
      Object.values(fragment.Resources ?? {})[0]?.Properties ?? {};
    for (const s of matching) {
      if (!s.when || s.when(properties)) {
        suppressGuardRule(node, s.rule, s.reason);
      }
    }
  }
}
