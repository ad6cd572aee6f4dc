import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { loadLaneStates, runInLaneState } from './lane-task-states';
import { sweepStateName } from './state-names';

/** The sweeper agent's name; it is a core agent of every orchestrated mesh. */
export const SWEEPER_AGENT = 'sweeper';

/**
 * The scheduled sweeper: reads the sweeper's own lane, so it too is promoted through the lanes
 * (a read_only sweeper only reports what it would remove), then runs it.
 */
export function sweeperWorkflow(
  scope: Construct,
  o: {
    meshId: string;
    bus: AgentBus;
    compute: AgentCompute;
    timeout: Duration;
  },
): sfn.IChainable {
  const lane = loadLaneStates(
    scope,
    o.bus,
    {
      load: 'LoadSweeperLane',
      known: 'SweeperLaneKnown',
      stored: 'UseSweeperLane',
      fallback: 'SweeperDefaultToReadOnly',
    },
    undefined,
    SWEEPER_AGENT,
  );
  const failed = new sfn.Fail(scope, 'SweepFailed', {
    error: 'AgentMesh.SweepFailed',
    cause: 'The sweeper task failed',
  });
  const done = new sfn.Succeed(scope, 'SweepSucceeded');
  const select = new sfn.Choice(scope, 'SelectSweeperLane');
  for (const l of o.compute.lanes) {
    const sweep = runInLaneState(scope, sweepStateName(l), {
      meshId: o.meshId,
      compute: o.compute,
      lane: l,
      fixedAgent: SWEEPER_AGENT,
      timeout: o.timeout,
    });
    sweep.addCatch(failed, { resultPath: '$.error' });
    sweep.next(done);
    select.when(sfn.Condition.stringEquals('$.lane', l), sweep);
  }
  select.otherwise(failed);
  lane.start.addCatch(failed, { resultPath: '$.error' });
  lane.afterLane(select);
  return lane.start;
}
