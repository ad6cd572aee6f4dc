import {
  AGENT_MESH_TAGS,
  TIER_FACTS,
  Tier,
  TierFacts,
  meshResourceNames,
} from '@agent-mesh/mesh-model';
import { Aspects, CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import {
  AgentIntegrations,
  IntegrationProvider,
} from '../integrations/agent-integrations';
import { CORE_AGENTS } from '../naming/task-families';
import { MeshAlarmTopic } from '../observability/alarm-topic';
import { AgentObservability } from '../observability/agent-observability';
import { AgentOrchestration } from '../orchestration/agent-orchestration';
import {
  checkAgents,
  checkApprovals,
  checkCatalogEntityRef,
  checkEnvironment,
  checkLaneIn,
  checkMeshId,
  checkPositive,
} from '../validation/mesh-rules';
import { ControlTowerSuppressions } from '../validation/control-tower-suppressions';
import { PropsErrors } from '../validation/props-errors';
import { MeshStackProps } from './mesh-stack-props';

/**
 * The composition every tier shares: bus, compute, orchestration, observability (with the alarm topic where
 * the tier has one), tags and outputs, all shaped by the tier's row of `TIER_FACTS`. Tier classes add their
 * own parts.
 *
 * @public
 */
export abstract class MeshStack extends Stack {
  public readonly meshId: string;
  public readonly tier: Tier;
  /** What the tier holds (`TIER_FACTS[tier]`). */
  public readonly facts: TierFacts;
  public readonly bus: AgentBus;
  public readonly compute: AgentCompute;
  public readonly orchestration: AgentOrchestration;
  public readonly observability: AgentObservability;
  /** The topic alarms and the budget notify; only in tiers with alerting (`TIER_FACTS[tier].alarmTopic`). */
  public readonly alarmTopic?: MeshAlarmTopic;

  protected constructor(
    scope: Construct,
    id: string,
    props: MeshStackProps,
    tier: Tier,
  ) {
    super(scope, id, props);
    const facts = TIER_FACTS[tier];
    validateMeshStackProps(props, tier, facts);
    this.meshId = props.meshId;
    this.tier = tier;
    this.facts = facts;
    this.tagMesh(props.catalogEntityRef);
    // The Control Tower controls the mesh does not meet on purpose, each with its reason (control-tower.test.ts).
    Aspects.of(this).add(new ControlTowerSuppressions());

    const environment = props.environment ?? 'dev';
    const agents = props.agents ?? CORE_AGENTS;
    this.bus = new AgentBus(this, 'Bus', {
      meshId: props.meshId,
      environment,
      secrets: props.secrets,
      // The subtask queue exists only where a lane consumes it (execute): not in the small tier.
      lanes: facts.lanes,
    });
    this.compute = new AgentCompute(this, 'Compute', {
      meshId: props.meshId,
      bus: this.bus,
      agents,
      lanes: facts.lanes,
      environment,
      natGateways: facts.natGateways,
      image: props.image,
      imageTag: props.imageTag,
    });
    this.orchestration = new AgentOrchestration(this, 'Orchestration', {
      meshId: props.meshId,
      bus: this.bus,
      compute: this.compute,
      approvalGate: facts.approvalGate,
      approvals: props.approvals,
      environment,
      initialLanes: Object.fromEntries(
        agents.map(a => [a, props.initialLane ?? 'read_only']),
      ),
    });
    if (facts.alarmTopic) {
      this.alarmTopic = new MeshAlarmTopic(this, 'AlarmTopic', {
        meshId: props.meshId,
        email: props.alarmEmail,
      });
    }
    this.observability = new AgentObservability(this, 'Observability', {
      meshId: props.meshId,
      stateMachines: {
        orchestration: this.orchestration.stateMachine,
        sweeper: this.orchestration.sweeperStateMachine,
      },
      deadLetterQueue: this.bus.deadLetterQueue,
      eventBus: this.bus.eventBus,
      compute: this.compute,
      monthlyBudgetUsd: props.monthlyBudgetUsd ?? facts.defaultMonthlyBudgetUsd,
      alarmTopic: this.alarmTopic?.topic,
      alarmEmail: props.alarmEmail,
      detailedDashboard: facts.detailedDashboard,
    });
    this.addOutputs();
  }

  /**
   * Tags every resource with the mesh and tier, and with the catalog entity ref when one is given; shared
   * resources get agent and lane `shared`.
   */
  private tagMesh(catalogEntityRef: string | undefined): void {
    Tags.of(this).add(AGENT_MESH_TAGS.mesh, this.meshId);
    Tags.of(this).add(AGENT_MESH_TAGS.tier, this.tier);
    if (catalogEntityRef !== undefined) {
      Tags.of(this).add(AGENT_MESH_TAGS.entity, catalogEntityRef);
    }
    // Shared resources carry agent/lane "shared" so cost attribution can tell them from an agent's own.
    Tags.of(this).add(AGENT_MESH_TAGS.agent, 'shared');
    Tags.of(this).add(AGENT_MESH_TAGS.lane, 'shared');
  }

  private addOutputs(): void {
    const names = meshResourceNames(this.meshId);
    const { bus, orchestration } = this;
    const outputs: Array<[id: string, value: string, description: string]> = [
      ['MeshId', this.meshId, 'The mesh id'],
      ['Tier', this.tier, 'The mesh tier'],
      [
        'OrchestrationStateMachineArn',
        orchestration.stateMachine.stateMachineArn,
        'Conductor workflow',
      ],
      [
        'SweeperStateMachineArn',
        orchestration.sweeperStateMachine.stateMachineArn,
        'Scheduled sweeper',
      ],
      [
        'KvTableName',
        bus.table.tableName,
        'KV table holding lane items and timelines',
      ],
      [
        'EventBusName',
        bus.eventBus.eventBusName,
        'Mesh event bus (approval requests, promotions)',
      ],
      ['EventBusArn', bus.eventBus.eventBusArn, 'Mesh event bus ARN'],
      [
        'ArtifactsBucketName',
        bus.artifactsBucket.bucketName,
        'Artifacts bucket',
      ],
      [
        'AlarmPrefix',
        names.alarmPrefix,
        'Prefix of every alarm of the mesh (DescribeAlarms by prefix)',
      ],
      ['DashboardName', names.dashboard, 'CloudWatch dashboard'],
    ];
    if (bus.subtaskQueue) {
      outputs.push([
        'SubtaskQueueUrl',
        bus.subtaskQueue.queueUrl,
        'Subtask queue',
      ]);
    }
    const approvalQueue = orchestration.approvalQueue;
    if (approvalQueue) {
      outputs.push(
        [
          'ApprovalQueueUrl',
          approvalQueue.queueUrl,
          'Queue of approval requests, read by the portal through the Backstage AWS SQS events module',
        ],
        [
          'ApprovalQueueArn',
          approvalQueue.queueArn,
          "Approval request queue ARN (grant the portal's role sqs:ReceiveMessage and sqs:DeleteMessage on it)",
        ],
      );
    }
    for (const [id, value, description] of outputs) {
      new CfnOutput(this, id, { value, description });
    }
  }

  /**
   * Adds the webhook integrations the tier's props ask for (tiers with `TIER_FACTS[tier].integrations`); none
   * when the list is empty.
   */
  protected addIntegrations(
    providers: readonly IntegrationProvider[] | undefined,
    environment: MeshStackProps['environment'],
  ): AgentIntegrations | undefined {
    if (!providers || providers.length === 0) {
      return undefined;
    }
    return new AgentIntegrations(this, 'Integrations', {
      meshId: this.meshId,
      eventBus: this.bus.eventBus,
      providers,
      environment,
    });
  }
}

/** Checks the props every tier takes, against the tier's facts, and throws one error naming each problem. */
function validateMeshStackProps(
  props: MeshStackProps,
  tier: Tier,
  facts: TierFacts,
): void {
  const errors = new PropsErrors(`${tier} mesh`);
  checkMeshId(errors, 'meshId', props.meshId);
  checkAgents(errors, 'agents', props.agents ?? CORE_AGENTS, CORE_AGENTS);
  checkPositive(errors, 'monthlyBudgetUsd', props.monthlyBudgetUsd);
  checkEnvironment(errors, 'environment', props.environment);
  checkLaneIn(
    errors,
    'initialLane',
    props.initialLane,
    facts.lanes,
    `the ${tier} tier`,
  );
  checkApprovals(errors, 'approvals', props.approvals);
  checkCatalogEntityRef(errors, 'catalogEntityRef', props.catalogEntityRef);
  errors.throwIfAny();
}
