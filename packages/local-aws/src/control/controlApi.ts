import {
  artifactsBucketName,
  isTier,
} from '@agent-mesh/plugin-agent-mesh-common';
import { ControlHandler } from '../server/awsJsonServer';
import { FaultInjector } from '../server/faultInjector';
import { isServiceName } from '../server/services';
import { MeshSpec } from '../world/demoCatalog';
import { World } from '../world/world';

/** What the control API steers; `reset` replaces the world. */
export interface ControlTarget {
  world(): World;
  faults: FaultInjector;
  reset(options: { seed?: number | string; now?: number }): Promise<void>;
  /** Called when a mesh was added, to give it what lives outside the world (its artifacts bucket). */
  meshAdded?(meshId: string): Promise<void>;
}

const ok = (body: unknown, status = 200) => ({ status, body });

/** The agents of an added mesh: the given names, or the core three plus `agent-01`... up to `agentCount`. */
function agentsOf(body: Record<string, any>): string[] {
  if (Array.isArray(body.agents)) return body.agents.map(String);
  const count = Number(body.agentCount ?? 3);
  if (!Number.isInteger(count) || count < 3 || count > 64)
    throw new TypeError('agentCount must be an integer from 3 to 64');
  const agents = ['conductor', 'critic', 'sweeper'];
  for (let i = 1; agents.length < count; i++)
    agents.push(`agent-${String(i).padStart(2, '0')}`);
  return agents;
}

/**
 * The control API: plain JSON under `/_local/` for tests and the local app. See the package README.
 */
export function controlApi(target: ControlTarget): ControlHandler {
  return async ({ method, path, query, body }) => {
    const input = (body ?? {}) as Record<string, any>;
    const world = target.world();
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /faults':
        return ok({ faults: target.faults.list() });
      case 'POST /faults':
        return ok({ fault: target.faults.add(input) }, 201);
      case 'DELETE /faults': {
        const service = query.get('service') ?? undefined;
        if (service !== undefined && !isServiceName(service))
          throw new TypeError(`Unknown service ${service}`);
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
              limit: query.has('limit')
                ? Number(query.get('limit'))
                : undefined,
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
        const ms = Number(input.ms ?? 0);
        if (!(ms >= 0))
          throw new TypeError('ms must be a number of milliseconds >= 0');
        await world.advance(ms);
        return ok({
          now: new Date(world.clock.now()).toISOString(),
          running: world.runner.running,
        });
      }
      case 'POST /tick':
        world.tick();
        await world.settle();
        return ok({
          now: new Date(world.clock.now()).toISOString(),
          running: world.runner.running,
        });
      case 'POST /reset':
        await target.reset({
          seed: input.seed,
          now: input.now === undefined ? undefined : Date.parse(input.now),
        });
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
        if (typeof input.meshId !== 'string' || !isTier(input.tier)) {
          throw new TypeError(
            'A mesh needs meshId and tier (small, medium or large)',
          );
        }
        const spec: MeshSpec = {
          meshId: input.meshId,
          tier: input.tier,
          region: input.region ?? 'us-east-1',
          account: String(input.account ?? '444444444444'),
          agents: agentsOf(input),
        };
        const started = Date.now();
        world.addMesh(spec, {
          runsPerDay: input.runsPerDay,
          historyDays: input.historyDays,
          runsPerHour: input.runsPerHour,
        });
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
