import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { meshInput } from './meshInput';
import { SnapshotStore } from '../database/SnapshotStore';
import { MeshAccessDeps, resolveMeshFor } from '../service/meshAccess';
import { meshHealth } from '../snapshot/meshHealth';

/**
 * `agent-mesh:get-mesh-status`: what an agent (or a person's assistant) may read of a mesh through MCP: its
 * health, every agent's lane with its version, today's runs and the month's cost, from the stored snapshot
 * (never an AWS call). Needs `agent-mesh.read` on the mesh, as the HTTP API does.
 */
export function registerGetMeshStatusAction(
  actionsRegistry: ActionsRegistryService,
  deps: Omit<MeshAccessDeps, 'httpAuth'> & { store: SnapshotStore },
) {
  actionsRegistry.register({
    name: 'get-mesh-status',
    title: 'Get an agent mesh’s status and lanes',
    description:
      'Reads a mesh of the catalog (a System of type agent-mesh): its health, each agent’s lane (read_only, dry_run or execute) with the version a promotion request must name, run counts and failure rate over the last day, alarms in ALARM and the cost of the month. The data is the last scheduled snapshot; ageSeconds says how old it is.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...meshInput(z),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          meshId: z.string(),
          health: z.enum(['ok', 'degraded', 'pending']),
          ageSeconds: z.number().optional(),
          agents: z.array(
            z.object({
              name: z.string(),
              lane: z.enum(['read_only', 'dry_run', 'execute']).optional(),
              version: z.number().optional(),
              runs: z.number(),
              failureRate: z.number(),
            }),
          ),
          alarmsInAlarm: z.array(z.string()),
          costMonthToDateUsd: z.number().optional(),
          budgetUsd: z.number().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const mesh = await resolveMeshFor(credentials, input, deps);
      const stored = await deps.store.getSnapshot(mesh.entityRef);
      const health = meshHealth(stored, Date.now());
      const snapshot = stored?.snapshot;
      return {
        output: {
          entityRef: mesh.entityRef,
          meshId: mesh.target.meshId,
          health: health.status,
          ageSeconds: health.ageSeconds,
          agents: (snapshot?.agents ?? []).map(agent => ({
            name: agent.name,
            lane: agent.lane?.lane,
            version: agent.lane ? agent.lane.version ?? 0 : undefined,
            runs: agent.runs.total,
            failureRate: agent.runs.failureRate,
          })),
          alarmsInAlarm: (snapshot?.alarms.items ?? [])
            .filter(alarm => alarm.state === 'ALARM')
            .map(alarm => alarm.name),
          costMonthToDateUsd: snapshot?.cost.summary?.monthToDate,
          budgetUsd: snapshot?.cost.summary?.budget,
        },
      };
    },
  });
}
