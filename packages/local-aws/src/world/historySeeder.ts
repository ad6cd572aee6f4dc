import {
  CONDUCTOR_STATES as S,
  laneItemKey,
} from '@agent-mesh/infra-constructs';
import { executionName, Lane } from '@agent-mesh/plugin-agent-mesh-common';
import { marshall } from '@aws-sdk/util-dynamodb';
import { TableStore } from '../dynamodb/tableStore';
import { DAY_MS } from '../stores/costStore';
import { StepFunctionsStore } from '../stores/stepFunctionsStore';
import { MeshRuntime } from './liveRunner';
import { laneTimeline } from './meshModel';
import { MeshRecorder } from './meshRecorder';
import { drawAgent } from './runBehavior';
import { SeededRandom } from './seededRandom';
import { simulateRun } from './simulatedRun';

const SWEEP_EVERY_MS = 6 * 3_600_000;
const GAUGE_EVERY_MS = 300_000;

/** Share of a day's runs in each UTC hour: busier in working hours, quieter at night and at weekends. */
function activity(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 0.5 : 1;
  return (
    weekend * (0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI)))
  );
}

/** The mean of `activity` over a week, so that thinning keeps the mesh's runs per day on average. */
const MEAN_ACTIVITY = (() => {
  let sum = 0;
  const steps = (7 * DAY_MS) / GAUGE_EVERY_MS;
  for (let i = 0; i < steps; i++)
    sum += activity(Date.UTC(2024, 0, 1) + i * GAUGE_EVERY_MS);
  return sum / steps;
})();

/** A compact UTC stamp for execution names, e.g. `20251124T0930`. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');
}

/**
 * Writes a mesh's past: lane items (with the promotion each agent had), weeks of conductor and sweeper runs,
 * and through the recorder the metrics, alarm data and daily cost those runs produced. Runs are synthetic (they
 * did not go through the interpreter) but drawn from the behaviour live runs use, so every view agrees.
 */
export function seedHistory(input: {
  mesh: MeshRuntime;
  store: StepFunctionsStore;
  tables: TableStore;
  recorder: MeshRecorder;
  seed: number | string;
  now: number;
  historyDays: number;
}): void {
  const { mesh, store, tables, recorder, seed, now } = input;
  const model = mesh.model;
  const start = now - input.historyDays * DAY_MS;
  const rng = SeededRandom.derive(seed, `history/${model.spec.meshId}`);
  const lanes = laneTimeline(model, start, now);
  const table = tables.get(model.spec.region, model.names.kvTable)!;
  for (const [agent, l] of lanes) {
    const key = laneItemKey(agent);
    TableStore.write(
      table,
      marshall({
        ...key,
        lane: l.lane,
        version: l.previous ? 2 : 1,
        updatedAt: new Date(l.since).toISOString(),
        updatedBy: l.previous ? 'user:default/guest' : 'cdk-deploy',
      }),
    );
  }
  const laneAt = (agent: string, at: number): Lane => {
    const l = lanes.get(agent);
    if (!l) return 'read_only';
    return at < l.since && l.previous ? l.previous : l.lane;
  };
  const gate = mesh.orchestration.states.get(S.requestApproval);
  const timeoutMs = Number(gate?.TimeoutSeconds ?? 86400) * 1000;
  const orchestration = mesh.orchestration.machine;

  // Conductor runs: a thinned Poisson process following the daily activity curve.
  const meanGap = (DAY_MS * MEAN_ACTIVITY) / model.runsPerDay;
  for (
    let t = start + rng.exponential(meanGap);
    t < now;
    t += rng.exponential(meanGap)
  ) {
    if (!rng.chance(activity(t))) continue;
    const startMs = Math.round(t);
    const agent = drawAgent(rng, model);
    const lane = laneAt(agent, startMs);
    const name = executionName(agent, lane, `${stamp(startMs)}-${rng.hex(8)}`);
    const run = simulateRun(
      SeededRandom.derive(seed, `${orchestration.arn}/${name}`),
      model,
      agent,
      lane,
      timeoutMs,
    );
    const stopMs = startMs + run.durationMs;
    if (stopMs >= now) continue;
    const cause = run.failState
      ? String(mesh.orchestration.states.get(run.failState)?.Cause ?? '')
      : undefined;
    store.addExecution(orchestration, {
      name,
      startMs,
      stopMs,
      status: run.status,
      error: run.error,
      cause,
      path: 'seeded',
    });
    recorder.runStarted(model, orchestration.arn, startMs);
    if (run.execute === 'exit-nonzero')
      recorder.taskFailed(model, agent, stopMs);
    recorder.runFinished(model, {
      machineArn: orchestration.arn,
      agent,
      lane,
      status: run.status,
      startMs,
      stopMs,
      taskMs: run.taskMs,
      conductor: true,
    });
  }

  // Throttled starts: now and then a burst the account's start rate turned away (no execution exists for them).
  for (let day = Math.floor(start / DAY_MS); day * DAY_MS < now; day++) {
    if (!rng.chance(0.12)) continue;
    const at = day * DAY_MS + rng.between(0, DAY_MS);
    if (at < start || at >= now) continue;
    const count = rng.int(1, 6);
    for (let i = 0; i < count; i++)
      recorder.throttled(model, orchestration.arn, at + i * 1000);
  }

  // Sweeper runs every 6 hours; each drains the dead-letter queue, which fills now and then.
  const sweeper = mesh.sweeper.machine;
  const incidents: Array<{ at: number; messages: number }> = [];
  for (let day = Math.floor(start / DAY_MS); day * DAY_MS < now; day++) {
    if (rng.chance(0.15))
      incidents.push({
        at: day * DAY_MS + rng.between(0, DAY_MS),
        messages: rng.int(1, 4),
      });
  }
  const sweeps: number[] = [];
  for (
    let t = Math.ceil(start / SWEEP_EVERY_MS) * SWEEP_EVERY_MS;
    t < now;
    t += SWEEP_EVERY_MS
  ) {
    const lane = laneAt('sweeper', t);
    const name = executionName('sweeper', lane, `${stamp(t)}-${rng.hex(8)}`);
    const stopMs = t + Math.round(rng.between(2, 5) * 60_000);
    if (stopMs >= now) continue;
    store.addExecution(sweeper, {
      name,
      startMs: t,
      stopMs,
      status: 'SUCCEEDED',
      path: 'seeded',
    });
    recorder.runStarted(model, sweeper.arn, t);
    recorder.runFinished(model, {
      machineArn: sweeper.arn,
      agent: 'sweeper',
      lane,
      status: 'SUCCEEDED',
      startMs: t,
      stopMs,
      taskMs: stopMs - t,
      conductor: false,
    });
    sweeps.push(stopMs);
  }
  let depth = 0;
  let nextIncident = 0;
  let nextSweep = 0;
  for (
    let t = Math.ceil(start / GAUGE_EVERY_MS) * GAUGE_EVERY_MS;
    t < now;
    t += GAUGE_EVERY_MS
  ) {
    while (nextSweep < sweeps.length && sweeps[nextSweep] <= t) {
      depth = 0;
      nextSweep++;
    }
    while (nextIncident < incidents.length && incidents[nextIncident].at <= t) {
      depth += incidents[nextIncident].messages;
      nextIncident++;
    }
    recorder.deadLetterDepth(model, t, depth);
  }
  mesh.deadLetterDepth = depth;
  recorder.fixedCost(model, start, now);
}
