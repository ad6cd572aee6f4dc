import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A kind of wildcard a policy is allowed to hold, and why. `pattern` is matched against the
 * finding as cdk-nag writes it, e.g. `Resource::<BusArtifactsBucket1234.Arn>/dry-run/*`. It never matches the
 * bare `Resource::*`: actions on every resource are acknowledged one by one through {@link StarResourceActions}.
 */
export interface WildcardRule {
  readonly pattern: RegExp;
  readonly reason: string;
}

/**
 * Actions a policy may hold on the resource `*`, each group with why the action takes no resource ARN. The
 * `Resource::*` finding is acknowledged only when every action the policy allows on `*` is listed here, and its
 * reason names those exact actions; one more action on `*` (say `ecs:StopTask`) leaves it unacknowledged.
 */
export interface StarResourceActions {
  readonly actions: readonly string[];
  readonly reason: string;
}

/** The finding cdk-nag reports for a statement on every resource. */
const STAR_RESOURCE_FINDING = 'Resource::*';

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
  starActions: readonly StarResourceActions[] = [],
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
  const onStar = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    asArray(statement.Action)
      .filter(action => action.includes('*'))
      .forEach(action => findings.add(`Action::${action}`));
    const resources = asArray(statement.Resource).map(flattenReference);
    resources
      .filter(resource => resource.includes('*'))
      .forEach(resource => findings.add(`Resource::${resource}`));
    if (resources.includes('*')) {
      asArray(statement.Action).forEach(action => onStar.add(action));
    }
  }
  for (const finding of findings) {
    if (finding === STAR_RESOURCE_FINDING) {
      const reason = starResourceReason([...onStar], starActions);
      if (reason) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason,
        });
      }
      continue;
    }
    const rule = rules.find(r => r.pattern.test(finding));
    if (rule) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: rule.reason,
      });
    }
  }
}

/**
 * The reason acknowledging `Resource::*` for exactly `actions`, or undefined when one of them is in no group of
 * `allowed` (then the finding stays open).
 */
export function starResourceReason(
  actions: readonly string[],
  allowed: readonly StarResourceActions[],
): string | undefined {
  const sorted = [...new Set(actions)].sort();
  if (sorted.length === 0) return undefined;
  const groups = allowed.filter(g => g.actions.some(a => sorted.includes(a)));
  const covered = sorted.every(a => groups.some(g => g.actions.includes(a)));
  if (!covered) return undefined;
  return `Only ${sorted.join(', ')} on "*": ${groups
    .map(g => g.reason)
    .join(' ')}`;
}

/** Actions on `*` that roles of a mesh may hold, by why. */
export const STAR_RESOURCE_ACTIONS = {
  xray: {
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ],
    reason:
      'X-Ray trace writes and sampling reads (tracing) support no resource-level permissions.',
  },
  logDelivery: {
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    reason:
      'CloudWatch Logs delivery actions (Step Functions logging) support no resource-level permissions.',
  },
  ecsSyncTasks: {
    actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
    reason:
      "aws-cdk-lib's EcsRunTask `.sync` integration grants stopping and describing the tasks it started on `*` (task ids exist only once a run starts them); the workflow's own RunTask is limited to this mesh's task definitions.",
  },
  ecrAuthorization: {
    actions: ['ecr:GetAuthorizationToken'],
    reason:
      "ECR's registry login supports no resource-level permission; image pulls themselves are granted on the mesh's own repository only.",
  },
} as const satisfies Record<string, StarResourceActions>;

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
    COMMON_WILDCARD_RULES.taskDefinitionRevisions,
    COMMON_WILDCARD_RULES.stepTaskDefinitionRevisions,
    COMMON_WILDCARD_RULES.clusterTasks,
  ],
  /** The webhook handlers' Lambda roles. */
  webhook: [COMMON_WILDCARD_RULES.logStreams],
  /** The execution role ECS pulls images and writes logs with. */
  execution: [],
} as const satisfies Record<string, readonly WildcardRule[]>;

/** The actions each kind of role may hold on `*` (see {@link STAR_RESOURCE_ACTIONS}), and nothing else. */
export const ROLE_STAR_RESOURCE_ACTIONS: Record<
  keyof typeof ROLE_WILDCARD_RULES,
  readonly StarResourceActions[]
> = {
  agentTask: [],
  workflow: [
    STAR_RESOURCE_ACTIONS.xray,
    STAR_RESOURCE_ACTIONS.logDelivery,
    STAR_RESOURCE_ACTIONS.ecsSyncTasks,
  ],
  webhook: [STAR_RESOURCE_ACTIONS.xray],
  execution: [STAR_RESOURCE_ACTIONS.ecrAuthorization],
};

/**
 * {@link acknowledgeWildcards} with the rules of `kind` (see {@link ROLE_WILDCARD_RULES}). Call it once the
 * role's statements are complete.
 */
export function acknowledgeRoleWildcards(
  role: iam.IRole,
  kind: keyof typeof ROLE_WILDCARD_RULES,
): void {
  acknowledgeWildcards(
    role,
    ROLE_WILDCARD_RULES[kind],
    ROLE_STAR_RESOURCE_ACTIONS[kind],
  );
}
