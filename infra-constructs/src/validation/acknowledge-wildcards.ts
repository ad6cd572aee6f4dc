import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A kind of wildcard a policy is allowed to hold, and why. `pattern` is matched against the
 * finding as cdk-nag writes it, e.g. `Resource::<BusArtifactsBucket1234.Arn>/dry-run/*`.
 */
export interface WildcardRule {
  readonly pattern: RegExp;
  readonly reason: string;
}

/** Flattens a resolved CloudFormation value the way cdk-nag names IAM5 findings. */
export function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string')
    return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  const obj = node as Record<string, unknown>;
  if (obj['Fn::Join']) {
    const [delimiter, items] = obj['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (obj['Fn::Sub']) return flattenReference(obj['Fn::Sub']);
  if (obj['Fn::GetAtt']) {
    const [resource, attribute] = obj['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (obj['Fn::ImportValue']) return flattenReference(obj['Fn::ImportValue']);
  if (obj.Ref) return `<${flattenReference(obj.Ref)}>`;
  return JSON.stringify(node);
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Acknowledges, one finding at a time, the wildcards of `role`'s default policy that match a rule.
 * A wildcard no rule explains stays unacknowledged, so cdk-nag fails the synth and someone must look.
 * Call it once the role's statements are complete (at the end of the owning constructor).
 */
export function acknowledgeWildcards(
  role: iam.IRole,
  rules: readonly WildcardRule[],
): void {
  const policy = role.node.tryFindChild('DefaultPolicy') as
    | iam.Policy
    | undefined;
  if (!policy) return;
  const cfn = policy.node.defaultChild as iam.CfnPolicy;
  const document = Stack.of(role).resolve(cfn.policyDocument) as {
    Statement?: Array<{
      Effect: string;
      Action: string | string[];
      Resource: unknown;
    }>;
  };
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    asArray(statement.Action)
      .filter(action => action.includes('*'))
      .forEach(action => findings.add(`Action::${action}`));
    asArray(statement.Resource)
      .map(flattenReference)
      .filter(resource => resource.includes('*'))
      .forEach(resource => findings.add(`Resource::${resource}`));
  }
  for (const finding of findings) {
    const rule = rules.find(r => r.pattern.test(finding));
    if (rule) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: rule.reason,
      });
    }
  }
}

/** Wildcards that appear in several constructs' roles. */
export const COMMON_WILDCARD_RULES = {
  bucketObjects: {
    pattern: /^Resource::<\w+\.Arn>\/\*$/,
    reason:
      "Objects of this mesh's artifacts bucket (`<bucket ARN>/*`): S3 object permissions cannot name objects before they exist.",
  },
  dryRunObjects: {
    pattern: /^Resource::<\w+\.Arn>\/dry-run\/\*$/,
    reason:
      "Writes confined to the `dry-run/` prefix of this mesh's artifacts bucket; that prefix is the dry_run lane's boundary.",
  },
  xrayAndLogDelivery: {
    pattern: /^Resource::\*$/,
    reason:
      'X-Ray trace writes (tracing) and CloudWatch Logs delivery actions (Step Functions logging) do not support resource-level permissions.',
  },
  taskDefinitionRevisions: {
    pattern: /^Resource::.*task-definition\/.*:\*$/,
    reason:
      "All revisions (`:*`) of this mesh's own task definition families, so the workflow runs the latest revision without redeploying its policy.",
  },
  stepTaskDefinitionRevisions: {
    pattern:
      /^Resource::arn:\{"Fn::Select".*"Ref":"\w*Step(Plan|Review)TaskDefinition\w*".*:\*$/,
    reason:
      "All revisions (`:*`) of the plan/review step task definitions; aws-cdk-lib's EcsRunTask grants the family ARN this way.",
  },
  clusterTasks: {
    pattern:
      /^Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task\/<\w+>\/\*$/,
    reason:
      "Tasks of this mesh's own cluster (`task/<cluster>/*`): task ids are only known once a run starts them.",
  },
  logStreams: {
    pattern: /^Resource::<\w+\.Arn>:\*$/,
    reason:
      'Log streams of one specific log group (`<log group ARN>:*`); stream names are created at run time.',
  },
} as const;

/** The wildcards each kind of role of a mesh may hold, and nothing else. */
export const ROLE_WILDCARD_RULES = {
  /** Agent task roles in a lane, and the workflow steps' roles. */
  agentTask: [
    COMMON_WILDCARD_RULES.bucketObjects,
    COMMON_WILDCARD_RULES.dryRunObjects,
  ],
  /** The conductor's and the sweeper's state machine roles. */
  workflow: [
    COMMON_WILDCARD_RULES.xrayAndLogDelivery,
    COMMON_WILDCARD_RULES.taskDefinitionRevisions,
    COMMON_WILDCARD_RULES.stepTaskDefinitionRevisions,
    COMMON_WILDCARD_RULES.clusterTasks,
  ],
  /** The webhook handlers' Lambda roles. */
  webhook: [
    COMMON_WILDCARD_RULES.logStreams,
    COMMON_WILDCARD_RULES.xrayAndLogDelivery,
  ],
} as const satisfies Record<string, readonly WildcardRule[]>;

/**
 * {@link acknowledgeWildcards} with the rules of `kind` (see {@link ROLE_WILDCARD_RULES}). Call it once the
 * role's statements are complete.
 */
export function acknowledgeRoleWildcards(
  role: iam.IRole,
  kind: keyof typeof ROLE_WILDCARD_RULES,
): void {
  acknowledgeWildcards(role, ROLE_WILDCARD_RULES[kind]);
}
