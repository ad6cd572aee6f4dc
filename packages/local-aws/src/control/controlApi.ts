import { artifactsBucketName } from '@agent-mesh/plugin-agent-mesh-common';
import { ControlHandler } from '../server/awsJsonServer';
import { FaultInjector } from '../server/faultInjector';
import { isServiceName } from '../server/services';
import { World } from '../world/world';
import {
  checkFaultRequest,
  ControlInputError,
  objectBody,
  parseAdvance,
  parseLimit,
  parseMeshRequest,
  parseReset,
  parseTick,
} from './controlInput';

/** What the control API steers; `reset` replaces the world. */
export interface ControlTarget {
  world(): World;
  faults: FaultInjector;
  reset(options: { seed?: number | string; now?: number }): Promise<void>;
  /** Called when a mesh was added, to give it what lives outside the world (its artifacts bucket). */
  meshAdded?(meshId: string): Promise<void>;
}

const ok = (body: unknown, status = 200) => ({ status, body });

/**
 * The control API: plain JSON under `/_local/` for tests and the local app. See the package README. The server
 * checks the token, the `Origin` and the body size before a route runs; each mutating route checks its input
 * whole before it changes anything, and answers 400 (or 409 for a conflict) naming the field.
 */
export function controlApi(target: ControlTarget): ControlHandler {
  return async ({ method, path, query, body }) => {
    const world = target.world();
    const route = `${method} ${path}`;
    const input = method === 'GET' ? {} : objectBody(body);
    switch (route) {
      case 'GET /faults':
        return ok({ faults: target.faults.list() });
      case 'POST /faults':
        checkFaultRequest(input, target.faults.list().length);
        return ok({ fault: target.faults.add(input) }, 201);
      case 'DELETE /faults': {
        const service = query.get('service') ?? undefined;
        if (service !== undefined && !isServiceName(service))
          throw new ControlInputError(
            'service must be a signing name: states, monitoring, ce, dynamodb, events or sqs',
          );
        target.faults.clear(service);
        return ok({ faults: target.faults.list() });
      }
      case 'GET /approvals':
        return ok({
          approvals: world.approvals.waiting().map(a => ({
            ...a,
            requestedAt: new Date(a.requestedAt).toISOString(),
            expiresAt: new Date(a.expiresAt).toISOString(),
            event: {
              ...a.event,
              time: new Date(a.event.time).toISOString(),
              detail: JSON.parse(a.event.detail),
            },
          })),
        });
      case 'GET /events':
        return ok({
          events: world.events
            .events({
              bus: query.get('bus') ?? undefined,
              source: query.get('source') ?? undefined,
              detailType: query.get('detailType') ?? undefined,
              limit: parseLimit(query.get('limit')),
            })
            .map(e => ({
              ...e,
              time: new Date(e.time).toISOString(),
              detail: JSON.parse(e.detail),
            })),
        });
      case 'GET /clock':
        return ok({
          now: new Date(world.clock.now()).toISOString(),
          manual: world.clock.manual,
        });
      case 'POST /clock/advance': {
        await world.advance(parseAdvance(input));
        return ok({
          now: new Date(world.clock.now()).toISOString(),
          running: world.runner.running,
        });
      }
      case 'POST /tick':
        parseTick(input);
        world.tick();
        await world.settle();
        return ok({
          now: new Date(world.clock.now()).toISOString(),
          running: world.runner.running,
        });
      case 'POST /reset':
        await target.reset(parseReset(input));
        return ok({ meshes: [...target.world().meshes.keys()] });
      case 'GET /meshes':
        return ok({
          meshes: [...world.meshes.values()].map(m => ({
            ...m.model.spec,
            orchestrationStateMachineArn: m.model.orchestrationArn,
            sweeperStateMachineArn: m.model.sweeperArn,
            kvTable: m.model.names.kvTable,
            eventBus: m.model.names.eventBus,
            approvalQueue: m.model.approvalGate
              ? m.model.names.approvalQueue
              : undefined,
            artifactsBucket: artifactsBucketName(
              m.model.spec.meshId,
              m.model.spec.account,
            ),
            evidenceAgents: m.model.evidenceAgents,
            lanes: Object.fromEntries(
              m.model.spec.agents.map(a => [a, world.currentLane(m.model, a)]),
            ),
            executions: m.orchestration.machine.executions.length,
            runsPerDay: m.model.runsPerDay,
            monthlyEstimateUsd: m.model.monthlyEstimateUsd,
          })),
        });
      case 'POST /meshes': {
        const { spec, options } = parseMeshRequest(input, world.meshes);
        const started = Date.now();
        world.addMesh(spec, options);
        await target.meshAdded?.(spec.meshId);
        const mesh = world.meshes.get(spec.meshId)!;
        return ok(
          {
            ...spec,
            executions: mesh.orchestration.machine.executions.length,
            tookMs: Date.now() - started,
          },
          201,
        );
      }
      default:
        return ok({ error: `No control route ${route}` }, 404);
    }
  };
}
