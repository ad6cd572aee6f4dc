import {
  AGENT_MESH_TAGS,
  LANES,
  Lane,
  Tier,
  isLane,
  meshResourceNames,
} from '@agent-mesh/plugin-agent-mesh-common';
import { CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import {
  AgentIntegrations,
  IntegrationProvider,
} from '../integrations/agent-integrations';
import { CORE_AGENTS } from '../naming/task-families';
import { AgentObservability } from '../observability/agent-observability';
import { MESH_ENVIRONMENTS } from '../observability/log-retention';
import { AgentOrchestration } from '../orchestration/agent-orchestration';
import {
  EXECUTE_APPROVALS,
  isExecuteApproval,
} from '../orchestration/approval-policy';
import {
  checkAgents,
  checkMeshId,
  checkPositive,
} from '../validation/mesh-rules';
import { PropsErrors } from '../validation/props-errors';
import { MeshStackProps } from './mesh-stack-props';

/** What a tier decides about the shared composition. */
export interface TierShape {
  readonly tier: Tier;
  readonly lanes: readonly Lane[];
  readonly natGateways: number;
  readonly approvalGate: boolean;
  readonly alarmTopic: boolean;
  readonly detailedDashboard: boolean;
  readonly defaultBudgetUsd: number;
}

/**
 * The composition every tier shares: bus, compute, orchestration, observability, tags and outputs.
 * Tier classes choose a {@link TierShape} and add their own parts.
 *
 * @public
 */
export abstract class MeshStack extends Stack {
  public readonly meshId: string;
  public readonly tier: Tier;
  public readonly bus: AgentBus;
  public readonly compute: AgentCompute;
  public readonly orchestration: AgentOrchestration;
  public readonly observability: AgentObservability;

  protected constructor(
    scope: Construct,
    id: string,
    props: MeshStackProps,
    shape: TierShape,
    extra: { errors?: (errors: PropsErrors) => void } = {},
  ) {
    super(scope, id, props);
    const errors = new PropsErrors(`${shape.tier} mesh`);
    checkMeshId(errors, 'meshId', props.meshId);
    const agents = props.agents ?? CORE_AGENTS;
    checkAgents(errors, 'agents', agents, CORE_AGENTS);
    checkPositive(errors, 'monthlyBudgetUsd', props.monthlyBudgetUsd);
    errors.check(
      props.environment === undefined ||
        MESH_ENVIRONMENTS.includes(props.environment),
      'environment',
      `"${
        props.environment
      }" is not an environment; use one of ${MESH_ENVIRONMENTS.join(', ')}`,
    );
    if (props.initialLane !== undefined) {
      errors.check(
        isLane(props.initialLane),
        'initialLane',
        `unknown lane "${String(
          props.initialLane,
        )}"; allowed lanes are ${LANES.join(', ')}`,
      );
      errors.check(
        !isLane(props.initialLane) || shape.lanes.includes(props.initialLane),
        'initialLane',
        `the ${shape.tier} tier has only the lanes ${shape.lanes.join(', ')}`,
      );
    }
    const executeApproval = props.approvals?.execute;
    errors.check(
      executeApproval === undefined || isExecuteApproval(executeApproval),
      'approvals.execute',
      `"${String(
        executeApproval,
      )}" is not an approval policy; use one of ${EXECUTE_APPROVALS.join(
        ', ',
      )}`,
    );
    extra.errors?.(errors);
    errors.throwIfAny();

    this.meshId = props.meshId;
    this.tier = shape.tier;
    const environment = props.environment ?? 'dev';
    Tags.of(this).add(AGENT_MESH_TAGS.mesh, props.meshId);
    Tags.of(this).add(AGENT_MESH_TAGS.tier, shape.tier);
    // Shared resources carry agent/lane "shared" so cost attribution can tell them from an agent's own.
    Tags.of(this).add(AGENT_MESH_TAGS.agent, 'shared');
    Tags.of(this).add(AGENT_MESH_TAGS.lane, 'shared');

    this.bus = new AgentBus(this, 'Bus', { meshId: props.meshId, environment });
    this.compute = new AgentCompute(this, 'Compute', {
      meshId: props.meshId,
      bus: this.bus,
      agents,
      lanes: shape.lanes,
      environment,
      natGateways: shape.natGateways,
      image: props.image,
    });
    this.orchestration = new AgentOrchestration(this, 'Orchestration', {
      meshId: props.meshId,
      bus: this.bus,
      compute: this.compute,
      approvalGate: shape.approvalGate,
      approvals: props.approvals,
      environment,
      initialLanes: Object.fromEntries(
        agents.map(a => [a, props.initialLane ?? 'read_only']),
      ),
    });
    this.observability = new AgentObservability(this, 'Observability', {
      meshId: props.meshId,
      stateMachines: {
        orchestration: this.orchestration.stateMachine,
        sweeper: this.orchestration.sweeperStateMachine,
      },
      deadLetterQueue: this.bus.deadLetterQueue,
      eventBus: this.bus.eventBus,
      compute: this.compute,
      monthlyBudgetUsd: props.monthlyBudgetUsd ?? shape.defaultBudgetUsd,
      alarmTopic: shape.alarmTopic,
      alarmEmail: props.alarmEmail,
      detailedDashboard: shape.detailedDashboard,
    });
    this.addOutputs();
  }

  private addOutputs(): void {
    const names = meshResourceNames(this.meshId);
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    out('MeshId', this.meshId, 'The mesh id');
    out('Tier', this.tier, 'The mesh tier');
    out(
      'OrchestrationStateMachineArn',
      this.orchestration.stateMachine.stateMachineArn,
      'Conductor workflow',
    );
    out(
      'SweeperStateMachineArn',
      this.orchestration.sweeperStateMachine.stateMachineArn,
      'Scheduled sweeper',
    );
    out(
      'KvTableName',
      this.bus.table.tableName,
      'KV table holding lane items and timelines',
    );
    out(
      'EventBusName',
      this.bus.eventBus.eventBusName,
      'Mesh event bus (approval requests, promotions)',
    );
    out('EventBusArn', this.bus.eventBus.eventBusArn, 'Mesh event bus ARN');
    out(
      'ArtifactsBucketName',
      this.bus.artifactsBucket.bucketName,
      'Artifacts bucket',
    );
    out('SubtaskQueueUrl', this.bus.subtaskQueue.queueUrl, 'Subtask queue');
    out(
      'AlarmPrefix',
      names.alarmPrefix,
      'Prefix of every alarm of the mesh (DescribeAlarms by prefix)',
    );
    out('DashboardName', names.dashboard, 'CloudWatch dashboard');
    const approvalQueue = this.orchestration.approvalQueue;
    if (approvalQueue) {
      out(
        'ApprovalQueueUrl',
        approvalQueue.queueUrl,
        'Queue of approval requests, read by the portal through the Backstage AWS SQS events module',
      );
      out(
        'ApprovalQueueArn',
        approvalQueue.queueArn,
        "Approval request queue ARN (grant the portal's role sqs:ReceiveMessage and sqs:DeleteMessage on it)",
      );
    }
  }

  /**
   * Adds the webhook integrations the tier's props ask for (medium and large); none when the list is empty.
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
