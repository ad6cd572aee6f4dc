import { MeshHealth } from '@agent-mesh/plugin-agent-mesh-common';
import { SnapshotBody } from '../database/SnapshotStore';

const PANELS = ['runs', 'lanes', 'alarms', 'metrics', 'cost'] as const;

export function ageSeconds(refreshedAt: number, now: number): number {
  return Math.max(0, Math.round((now - refreshedAt) / 100) / 10);
}

/** A mesh's health from its stored snapshot: degraded when a source failed or an alarm fires. */
export function meshHealth(
  stored: { refreshedAt: number; snapshot: SnapshotBody } | undefined,
  now: number,
): MeshHealth {
  if (!stored) {
    return { status: 'pending', alarmsInAlarm: 0, failingPanels: [] };
  }
  const { snapshot } = stored;
  const failingPanels = PANELS.filter(p => snapshot[p].status === 'error');
  const alarmsInAlarm = snapshot.alarms.items.filter(
    a => a.state === 'ALARM',
  ).length;
  return {
    status: failingPanels.length > 0 || alarmsInAlarm > 0 ? 'degraded' : 'ok',
    refreshedAt: new Date(stored.refreshedAt).toISOString(),
    ageSeconds: ageSeconds(stored.refreshedAt, now),
    alarmsInAlarm,
    runs: snapshot.runs.totals,
    failingPanels: [...failingPanels],
  };
}
