import { Tier } from '@agent-mesh/mesh-model';
import { Construct } from 'constructs';
import { LargeMesh } from './large-mesh';
import { MediumMesh } from './medium-mesh';
import { MeshStack } from './mesh-stack';
import { MeshStackProps } from './mesh-stack-props';
import { SmallMesh } from './small-mesh';

/**
 * The stack class of each tier. Medium and large also read their own props (`integrations`,
 * `mlMaxCapacity`) when given.
 *
 * @public
 */
export const TIER_STACKS: Record<
  Tier,
  new (scope: Construct, id: string, props: MeshStackProps) => MeshStack
> = {
  small: SmallMesh,
  medium: MediumMesh,
  large: LargeMesh,
};
