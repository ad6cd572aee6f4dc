import { Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { CostStore, DAY_MS } from '../stores/costStore';
import { ExecutionStatus } from '../stores/stepFunctionsStore';
import { MetricStore } from '../stores/metricStore';
import { MeshModel, taskFailedRuleName } from './meshModel';

/** The namespace of the per-agent, per-lane run metrics the embedded AWS records beside `AWS/States`. */
export const AGENT_METRICS_NAMESPACE = 'AgentMesh';

/** Fargate cost of a run relative to the mesh's average: execute runs on on-demand Fargate, the others prefer Spot. */
const LANE_FARGATE_FACTOR: Record<string, number> = {
  read_only: 0.85,
  dry_run: 0.85,
  execute: 1.3,
};

const STATUS_METRIC: Record<ExecutionStatus, string | undefined> = {
  RUNNING: undefined,
  SUCCEEDED: 'ExecutionsSucceeded',
  FAILED: 'ExecutionsFailed',
  TIMED_OUT: 'ExecutionsTimedOut',
  ABORTED: 'ExecutionsAborted',
};

/** A finished run, as the metrics and cost see it. */
export interface FinishedRun {
  machineArn: string;
  agent: string;
  lane: Lane | 'shared';
  status: ExecutionStatus;
  startMs: number;
  stopMs: number;
  /** Minutes of agent tasks (plan, review, the agent's own task) the run used. */
  taskMs: number;
  /** Whether this is a conductor run (cost per run applies) rather than a sweeper run. */
  conductor: boolean;
}

/**
 * Writes what happens in a mesh into CloudWatch metrics and Cost Explorer line items. Seeded history and live
 * runs both go through here, so the execution list, the metrics, the alarms and the cost always agree.
 */
export class MeshRecorder {
  constructor(
    private readonly metrics: MetricStore,
    private readonly costs: CostStore,
  ) {}

  runStarted(model: MeshModel, machineArn: string, at: number): void {
    this.put(
      model,
      'AWS/States',
      'ExecutionsStarted',
      [{ Name: 'StateMachineArn', Value: machineArn }],
      at,
      1,
    );
  }

  runFinished(model: MeshModel, run: FinishedRun): void {
    const dims = [{ Name: 'StateMachineArn', Value: run.machineArn }];
    const metric = STATUS_METRIC[run.status];
    if (metric) this.put(model, 'AWS/States', metric, dims, run.stopMs, 1);
    this.put(
      model,
      'AWS/States',
      'ExecutionTime',
      dims,
      run.stopMs,
      run.stopMs - run.startMs,
    );
    if (run.conductor) {
      const agentDims = [
        { Name: 'MeshId', Value: model.spec.meshId },
        { Name: 'Agent', Value: run.agent },
        { Name: 'Lane', Value: run.lane },
      ];
      this.put(
        model,
        AGENT_METRICS_NAMESPACE,
        run.status === 'SUCCEEDED' ? 'RunsSucceeded' : 'RunsFailed',
        agentDims,
        run.stopMs,
        1,
      );
      const fargateShare = run.taskMs / (model.taskMinutesPerRun * 60_000);
      for (const line of model.perRun) {
        const factor =
          line.service === 'Amazon Elastic Container Service'
            ? fargateShare * (LANE_FARGATE_FACTOR[run.lane] ?? 1)
            : 1;
        this.accrue(
          model,
          run.stopMs,
          line.service,
          run.agent,
          run.lane,
          line.usd * factor,
        );
      }
    }
  }

  /** An agent task stopped with a non-zero exit code: the agent's task-failed rule fires. */
  taskFailed(model: MeshModel, agent: string, at: number): void {
    this.put(
      model,
      'AWS/Events',
      'TriggeredRules',
      [{ Name: 'RuleName', Value: taskFailedRuleName(model, agent) }],
      at,
      1,
    );
  }

  throttled(model: MeshModel, machineArn: string, at: number): void {
    this.put(
      model,
      'AWS/States',
      'ExecutionThrottled',
      [{ Name: 'StateMachineArn', Value: machineArn }],
      at,
      1,
    );
  }

  deadLetterDepth(model: MeshModel, at: number, depth: number): void {
    this.put(
      model,
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      [{ Name: 'QueueName', Value: model.deadLetterQueue }],
      at,
      depth,
    );
  }

  /** Accrues the mesh's fixed daily cost over [fromMs, toMs), split at day boundaries. */
  fixedCost(model: MeshModel, fromMs: number, toMs: number): void {
    let t = fromMs;
    while (t < toMs) {
      const dayEnd = (Math.floor(t / DAY_MS) + 1) * DAY_MS;
      const end = Math.min(dayEnd, toMs);
      const share = (end - t) / DAY_MS;
      for (const line of model.fixedDaily) {
        this.accrue(
          model,
          t,
          line.service,
          'shared',
          'shared',
          line.usd * share,
        );
      }
      t = end;
    }
  }

  private put(
    model: MeshModel,
    namespace: string,
    name: string,
    dims: Array<{ Name: string; Value: string }>,
    at: number,
    value: number,
  ) {
    this.metrics.put(model.spec.region, namespace, name, dims, at, value);
  }

  private accrue(
    model: MeshModel,
    at: number,
    service: string,
    agent: string,
    lane: string,
    amount: number,
  ) {
    this.costs.accrue({
      atMs: at,
      service,
      account: model.spec.account,
      region: model.spec.region,
      meshId: model.spec.meshId,
      tier: model.spec.tier,
      agent,
      lane,
      amount,
    });
  }
}
