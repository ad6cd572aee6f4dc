import { AGENT_MESH_TAGS } from '@agent-mesh/plugin-agent-mesh-common';

export const DAY_MS = 86_400_000;

/** One day's cost of one service, attributed to a mesh, agent and lane by the mesh tags. */
export interface CostLine {
  day: number;
  service: string;
  account: string;
  region: string;
  /** Tag values by tag key (`agent-mesh:mesh`, `agent-mesh:agent`, `agent-mesh:lane`, `agent-mesh:tier`). */
  tags: Record<string, string>;
  amount: number;
}

/** The day index (days since the epoch, UTC) of a time. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** `YYYY-MM-DD` of a day index. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Daily cost line items, as Cost Explorer's cost-and-usage data holds them: per day, service and tag values.
 * Amounts accrue as work happens.
 */
export class CostStore {
  private readonly days = new Map<number, Map<string, CostLine>>();

  accrue(input: {
    atMs: number;
    service: string;
    account: string;
    region: string;
    meshId: string;
    tier: string;
    agent: string;
    lane: string;
    amount: number;
  }): void {
    if (!(input.amount > 0)) return;
    const day = dayOf(input.atMs);
    let lines = this.days.get(day);
    if (!lines) {
      lines = new Map();
      this.days.set(day, lines);
    }
    const key = `${input.meshId}|${input.service}|${input.agent}|${input.lane}`;
    const line = lines.get(key);
    if (line) {
      line.amount += input.amount;
      return;
    }
    lines.set(key, {
      day,
      service: input.service,
      account: input.account,
      region: input.region,
      tags: {
        [AGENT_MESH_TAGS.mesh]: input.meshId,
        [AGENT_MESH_TAGS.agent]: input.agent,
        [AGENT_MESH_TAGS.lane]: input.lane,
        [AGENT_MESH_TAGS.tier]: input.tier,
      },
      amount: input.amount,
    });
  }

  /** Lines of the days in [fromDay, toDay). */
  *lines(fromDay: number, toDay: number): Generator<CostLine> {
    for (let day = fromDay; day < toDay; day++) {
      const lines = this.days.get(day);
      if (lines) yield* lines.values();
    }
  }

  removeMesh(meshId: string): void {
    for (const lines of this.days.values()) {
      for (const [key, line] of lines) {
        if (line.tags[AGENT_MESH_TAGS.mesh] === meshId) lines.delete(key);
      }
    }
  }
}
