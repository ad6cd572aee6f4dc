import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MeshEnvironment } from '../observability/log-retention';
import { MeshApprovals } from '../orchestration/approval-policy';

/**
 * Props every tier stack takes.
 *
 * @public
 */
export interface MeshStackProps extends StackProps {
  /** The mesh id, e.g. `billing-dev`; names and tags derive from it. */
  readonly meshId: string;
  /**
   * The agents of the mesh. Must include the core agents `conductor`, `critic` and `sweeper`.
   * @default ['conductor', 'critic', 'sweeper']
   */
  readonly agents?: readonly string[];
  /**
   * The environment: decides log retention and whether data is retained on stack deletion.
   * @default 'dev'
   */
  readonly environment?: MeshEnvironment;
  /**
   * Monthly budget in USD for everything tagged with this mesh.
   * @default the top of the tier's band: 100 (small), 500 (medium), 1000 (large)
   */
  readonly monthlyBudgetUsd?: number;
  /**
   * The lane every agent starts in (first deploy only; later the portal owns it).
   * @default 'read_only'
   */
  readonly initialLane?: Lane;
  /**
   * E-mail address told about alarms (through the SNS topic where the tier has one) and the budget.
   * @default nobody
   */
  readonly alarmEmail?: string;
  /**
   * Which runs wait for a person at the approval gate besides those the critic asks about. Only tiers with
   * the gate (medium, large) use it; the small tier has no `execute` lane.
   * @default { execute: 'always' }: every run in the `execute` lane waits for a person
   */
  readonly approvals?: MeshApprovals;
  /**
   * The agents' container image.
   * @default ecs.ContainerImage.fromRegistry(PLACEHOLDER_AGENT_IMAGE)
   */
  readonly image?: ecs.ContainerImage;
}
