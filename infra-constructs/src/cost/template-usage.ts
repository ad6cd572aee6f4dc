import type { UsageAssumptions } from './cost-model';

/**
 * The part of a synthesized CloudFormation template the cost model reads.
 *
 * @public
 */
export interface SynthesizedTemplate {
  readonly Resources?: Readonly<
    Record<
      string,
      {
        readonly Type: string;
        readonly Properties?: Readonly<Record<string, unknown>>;
      }
    >
  >;
}

/**
 * How many resources of each type a synthesized template creates, e.g. `{ 'AWS::CloudWatch::Alarm': 12 }`.
 *
 * @public
 */
export function countResourceTypes(
  template: SynthesizedTemplate,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.Resources ?? {})) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

/**
 * Images an ECR repository keeps when its lifecycle policy does not bound them by count (the `AgentCompute`
 * default, `retainedImages`).
 *
 * @public
 */
export const DEFAULT_RETAINED_IMAGES = 20;

/** The images a repository's lifecycle policy keeps: the largest `imageCountMoreThan` count of its rules. */
function retainedImagesOf(
  properties: Readonly<Record<string, unknown>> | undefined,
): number {
  const text = (
    properties?.LifecyclePolicy as { LifecyclePolicyText?: unknown }
  )?.LifecyclePolicyText;
  if (typeof text !== 'string') return DEFAULT_RETAINED_IMAGES;
  const rules: Array<{
    selection?: { countType?: string; countNumber?: number };
  }> = JSON.parse(text).rules ?? [];
  const counts = rules
    .filter(r => r.selection?.countType === 'imageCountMoreThan')
    .map(r => r.selection?.countNumber ?? 0);
  return counts.length > 0 ? Math.max(...counts) : DEFAULT_RETAINED_IMAGES;
}

/**
 * The usage assumptions a synthesized template decides, counted from its resources rather than typed in:
 * alarms, secrets, log groups, customer-managed keys, NAT gateways, interface endpoints (by zone, as they are
 * billed), Aurora instances (writer and readers), tasks kept running by ECS services (their desired count), and
 * the images the ECR repositories keep (each repository's lifecycle count, {@link DEFAULT_RETAINED_IMAGES}
 * where it sets none).
 *
 * @public
 */
export function usageFromTemplate(
  template: SynthesizedTemplate,
): Pick<
  UsageAssumptions,
  | 'alarms'
  | 'secrets'
  | 'logGroups'
  | 'kmsKeys'
  | 'natGateways'
  | 'publicIpTasks'
  | 'interfaceEndpointZones'
  | 'auroraInstances'
  | 'alwaysOnAgents'
  | 'retainedImages'
> {
  const counts = countResourceTypes(template);
  const resources = Object.values(template.Resources ?? {});
  const interfaceEndpointZones = resources
    .filter(
      r =>
        r.Type === 'AWS::EC2::VPCEndpoint' &&
        r.Properties?.VpcEndpointType === 'Interface',
    )
    .reduce((sum, r) => {
      const subnets = r.Properties?.SubnetIds;
      return sum + (Array.isArray(subnets) ? subnets.length : 1);
    }, 0);
  const alwaysOnAgents = resources
    .filter(r => r.Type === 'AWS::ECS::Service')
    .reduce((sum, r) => {
      const desired = r.Properties?.DesiredCount;
      return sum + (typeof desired === 'number' ? desired : 1);
    }, 0);
  const retainedImages = resources
    .filter(r => r.Type === 'AWS::ECR::Repository')
    .reduce((sum, r) => sum + retainedImagesOf(r.Properties), 0);
  const natGateways = counts['AWS::EC2::NatGateway'] ?? 0;
  return {
    alarms: counts['AWS::CloudWatch::Alarm'] ?? 0,
    secrets: counts['AWS::SecretsManager::Secret'] ?? 0,
    logGroups: counts['AWS::Logs::LogGroup'] ?? 0,
    kmsKeys: counts['AWS::KMS::Key'] ?? 0,
    natGateways,
    publicIpTasks: natGateways === 0,
    interfaceEndpointZones,
    auroraInstances: counts['AWS::RDS::DBInstance'] ?? 0,
    alwaysOnAgents,
    retainedImages,
  };
}
