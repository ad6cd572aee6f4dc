import { CostSeriesResponse } from '@agent-mesh/plugin-agent-mesh-common';

/** The first day of the month of `iso` (UTC), as `YYYY-MM-01`. */
function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/**
 * One agent's part of a cost series grouped by agent: each point keeps only the agent's group, and the
 * month to date is what the agent cost since the first of the month the series was read in. The budget
 * and forecast are the mesh's, so they are left out.
 */
export function agentCostSeries(
  response: CostSeriesResponse,
  agent: string,
  now: Date = new Date(),
): CostSeriesResponse {
  const points = response.points.map(point => {
    const groups = point.groups.filter(group => group.key === agent);
    return {
      ...point,
      groups,
      total: groups.reduce((sum, group) => sum + group.amount, 0),
    };
  });
  const from = monthStart(response.fetchedAt ?? now.toISOString());
  const monthToDate = points
    .filter(point => point.start >= from)
    .reduce((sum, point) => sum + point.total, 0);
  return {
    ...response,
    points,
    monthToDate: Math.round(monthToDate * 100) / 100,
    budget: undefined,
    forecast: undefined,
  };
}
