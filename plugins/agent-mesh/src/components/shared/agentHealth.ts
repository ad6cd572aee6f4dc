import {
  AgentSnapshot,
  MeshSnapshot,
} from '@agent-mesh/plugin-agent-mesh-common';
import { panelHasData } from './PanelNotice';

/** An agent's health from the snapshot: an alarm of it in ALARM, failed runs, no runs, or ok. */
export type AgentHealth = 'alarm' | 'failing' | 'idle' | 'ok' | 'unknown';

export function agentHealth(
  snapshot: MeshSnapshot,
  agent: AgentSnapshot,
): AgentHealth {
  const alarmsReadable = panelHasData(snapshot.alarms);
  if (
    alarmsReadable &&
    snapshot.alarms.items.some(
      alarm => alarm.agent === agent.name && alarm.state === 'ALARM',
    )
  ) {
    return 'alarm';
  }
  if (!panelHasData(snapshot.runs)) {
    return 'unknown';
  }
  if (agent.runs.failed + agent.runs.timedOut > 0) {
    return 'failing';
  }
  if (agent.runs.total === 0) {
    return 'idle';
  }
  return alarmsReadable ? 'ok' : 'unknown';
}
