import { Lane } from '@agent-mesh/mesh-model';
import { StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { MeshSecret } from '../bus/agent-bus';
import { IntegrationProvider } from '../integrations/agent-integrations';
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
   * @default the tier's `TIER_FACTS[tier].defaultMonthlyBudgetUsd` (the top of its cost band)
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
   * the gate (`TIER_FACTS[tier].approvalGate`) use it.
   * @default { execute: 'always' }: every run in the `execute` lane waits for a person
   */
  readonly approvals?: MeshApprovals;
  /**
   * The agents' container image, when it does not come from the mesh's own ECR repository.
   * @default `imageTag` of the mesh's repository `agent-mesh/<meshId>/agent`
   */
  readonly image?: ecs.ContainerImage;
  /**
   * The tag of the agents' image in the mesh's ECR repository (immutable tags, so not `latest`). Push the image
   * under this tag before the first run.
   * @default DEFAULT_IMAGE_TAG ('v1')
   */
  readonly imageTag?: string;
  /**
   * The secrets of the mesh and the lanes that read each.
   * @default DEFAULT_MESH_SECRETS: the model API key, for every lane
   */
  readonly secrets?: readonly MeshSecret[];
  /**
   * The catalog entity ref of the mesh's System, `system:<namespace>/<name>` (e.g. `system:default/payments-dev`).
   * Every resource is tagged `agent-mesh:entity` (`AGENT_MESH_TAGS.entity`) with it, so the portal can check that a catalog
   * entity claiming this mesh is the one the mesh was deployed for.
   * @default no `agent-mesh:entity` tag
   */
  readonly catalogEntityRef?: string;
}

/**
 * Props of the tier stacks that may have webhook integrations (`TIER_FACTS[tier].integrations`).
 *
 * @public
 */
export interface MeshWithIntegrationsProps extends MeshStackProps {
  /**
   * Webhook integrations to create.
   * @default none
   */
  readonly integrations?: readonly IntegrationProvider[];
}
