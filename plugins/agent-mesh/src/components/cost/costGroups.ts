import {
  CostGranularity,
  CostPoint,
} from '@agent-mesh/plugin-agent-mesh-common';

/* How the cost table and the cost chart split a series into its largest groups and "Other". */

/** Groups beyond this many, by amount over the whole series, are summed into "Other". */
export const MAX_GROUP_COLUMNS = 5;
export const OTHER = 'Other';

export function groupColumns(points: CostPoint[]): {
  shown: string[];
  other: boolean;
} {
  const totals = new Map<string, number>();
  for (const point of points) {
    for (const group of point.groups) {
      totals.set(group.key, (totals.get(group.key) ?? 0) + group.amount);
    }
  }
  const keys = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  return {
    shown: keys.slice(0, MAX_GROUP_COLUMNS),
    other: keys.length > MAX_GROUP_COLUMNS,
  };
}

export function amountsOf(point: CostPoint, shown: string[]) {
  const amounts = new Map<string, number>();
  for (const group of point.groups) {
    const key = shown.includes(group.key) ? group.key : OTHER;
    amounts.set(key, (amounts.get(key) ?? 0) + group.amount);
  }
  return amounts;
}

export function periodLabel(point: CostPoint, granularity: CostGranularity) {
  return granularity === 'MONTHLY' ? point.start.slice(0, 7) : point.start;
}
