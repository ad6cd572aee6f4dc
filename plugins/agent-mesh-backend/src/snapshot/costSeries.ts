import {
  CostGranularity,
  CostGroupBy,
  CostPoint,
  CostSummary,
} from '@agent-mesh/plugin-agent-mesh-common';
import { CostBundle } from '../aws/costExplorerService';

const DAY_MS = 24 * 60 * 60 * 1000;

function round(amount: number): number {
  return Math.round(amount * 10000) / 10000;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function nextMonth(date: string): string {
  const d = new Date(`${monthStart(date)}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))
    .toISOString()
    .slice(0, 10);
}

function rows(bundle: CostBundle, groupBy: CostGroupBy) {
  switch (groupBy) {
    case 'SERVICE':
      return bundle.byService;
    case 'AGENT':
      return bundle.byAgentLane.map(r => ({
        date: r.date,
        key: r.agent,
        amount: r.amount,
      }));
    case 'LANE':
    default:
      return bundle.byAgentLane.map(r => ({
        date: r.date,
        key: r.lane,
        amount: r.amount,
      }));
  }
}

/** The bundle's daily cost as a series of days or months, each split by service, agent or lane. */
export function costSeries(
  bundle: CostBundle,
  granularity: CostGranularity,
  groupBy: CostGroupBy,
): CostPoint[] {
  const periods = new Map<
    string,
    { end: string; groups: Map<string, number> }
  >();
  for (let day = bundle.start; day < bundle.end; day = addDays(day, 1)) {
    const start = granularity === 'DAILY' ? day : monthStart(day);
    if (!periods.has(start)) {
      periods.set(start, {
        end: granularity === 'DAILY' ? addDays(day, 1) : nextMonth(day),
        groups: new Map(),
      });
    }
  }
  for (const row of rows(bundle, groupBy)) {
    const start = granularity === 'DAILY' ? row.date : monthStart(row.date);
    const period = periods.get(start);
    if (period) {
      period.groups.set(
        row.key,
        (period.groups.get(row.key) ?? 0) + row.amount,
      );
    }
  }
  return [...periods.entries()].map(([start, period]) => {
    const groups = [...period.groups.entries()]
      .map(([key, amount]) => ({ key, amount: round(amount) }))
      .sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
    return {
      start,
      end: period.end,
      total: round(groups.reduce((sum, g) => sum + g.amount, 0)),
      groups,
    };
  });
}

/** Month to date, the month's forecast (actual days before today plus Cost Explorer's forecast), and the budget. */
export function costSummary(
  bundle: CostBundle,
  now: Date,
  budget: number | undefined,
): CostSummary {
  const today = now.toISOString().slice(0, 10);
  const month = monthStart(today);
  let monthToDate = 0;
  let beforeToday = 0;
  for (const row of bundle.byService) {
    if (row.date >= month) {
      monthToDate += row.amount;
      if (row.date < today) beforeToday += row.amount;
    }
  }
  const summary: CostSummary = {
    currency: bundle.currency,
    monthToDate: round(monthToDate),
  };
  if (
    bundle.forecast &&
    bundle.forecast.start.slice(0, 7) === today.slice(0, 7)
  ) {
    summary.forecastMonth = round(beforeToday + bundle.forecast.amount);
  }
  if (budget !== undefined) {
    summary.budget = budget;
    summary.percentOfBudget = Math.round((monthToDate / budget) * 1000) / 10;
  }
  return summary;
}
