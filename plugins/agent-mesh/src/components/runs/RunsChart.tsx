import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Lane, LANES, RunSummary } from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { MeshRequestError, StackedBarChart } from '../shared';

/** The most runs one chart reads: the runs route's largest page. */
export const RUNS_CHART_LIMIT = 200;
const HOUR_MS = 3_600_000;
const CHART_HEIGHT = 280;

type Outcome = 'succeeded' | 'failed';

/** The series key of a lane's succeeded or failed runs, e.g. `dry_run failed`. */
export function seriesKey(lane: Lane | 'unknown', outcome: Outcome): string {
  return `${lane} ${outcome}`;
}

function outcomeOf(run: RunSummary): Outcome | undefined {
  if (run.status === 'SUCCEEDED') {
    return 'succeeded';
  }
  if (run.status === 'FAILED' || run.status === 'TIMED_OUT') {
    return 'failed';
  }
  return undefined;
}

/**
 * Finished runs counted per hour from `fromMs` for `hours` hours, per lane and outcome (failed includes
 * timed out); the series are the lane and outcome pairs that occur, in lane order.
 */
export function bucketRuns(
  runs: RunSummary[],
  fromMs: number,
  hours: number,
): { rows: Array<Record<string, number | string>>; series: string[] } {
  const rows: Array<Record<string, number | string>> = Array.from(
    { length: hours },
    (_, i) => ({
      hour: new Date(fromMs + i * HOUR_MS).toISOString().slice(11, 16),
    }),
  );
  const seen = new Set<string>();
  for (const run of runs) {
    const outcome = outcomeOf(run);
    const index = Math.floor((Date.parse(run.startDate) - fromMs) / HOUR_MS);
    if (!outcome || index < 0 || index >= hours) {
      continue;
    }
    const key = seriesKey(run.lane ?? 'unknown', outcome);
    seen.add(key);
    rows[index][key] = ((rows[index][key] as number | undefined) ?? 0) + 1;
  }
  const order = [...LANES, 'unknown' as const].flatMap(lane => [
    seriesKey(lane, 'succeeded'),
    seriesKey(lane, 'failed'),
  ]);
  const series = order.filter(key => seen.has(key));
  for (const row of rows) {
    for (const key of series) {
      row[key] = row[key] ?? 0;
    }
  }
  return { rows, series };
}

/**
 * Runs over the last `hours` hours (UTC), succeeded and failed per lane, as stacked hourly bars: succeeded
 * runs in one stack, failed ones in another, a shade per lane. Read from the stored runs (one page of up to
 * 200, newest first; the chart says when the window held more).
 */
export function RunsChart(props: {
  mesh: MeshRef;
  hours?: number;
  /** Only this agent's runs (the agent's own page). */
  agent?: string;
}) {
  const { mesh, hours = 24, agent } = props;
  const api = useApi(agentMeshApiRef);
  const theme = useTheme();
  // The window starts at a full hour, fixed when the view opens so the request is made once.
  const [fromMs] = useState(
    () => Math.floor(Date.now() / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS,
  );
  const { value, loading, error } = useAsync(
    () =>
      api.listRuns(mesh, {
        ...(agent ? { agent } : {}),
        from: new Date(fromMs).toISOString(),
        limit: RUNS_CHART_LIMIT,
      }),
    [api, mesh, fromMs, agent],
  );

  const laneShade: Record<Lane | 'unknown', number> = {
    read_only: 0.35,
    dry_run: 0.65,
    execute: 1,
    unknown: 0.2,
  };
  const colorOf = (key: string) => {
    const [lane, outcome] = key.split(' ') as [Lane | 'unknown', Outcome];
    const base =
      outcome === 'succeeded'
        ? theme.palette.success?.main ?? '#2e7d32'
        : theme.palette.error.main;
    return { fill: base, fillOpacity: laneShade[lane] };
  };

  let body;
  if (error) {
    body = <MeshRequestError error={error} />;
  } else if (loading || !value) {
    body = <Progress />;
  } else {
    const { rows, series } = bucketRuns(value.items, fromMs, hours);
    body =
      series.length === 0 ? (
        <Typography variant="body2">
          No finished runs in the last {hours} h.
        </Typography>
      ) : (
        <StackedBarChart
          label={`Runs per hour over the last ${hours} h, succeeded and failed by lane`}
          rows={rows}
          xKey="hour"
          height={CHART_HEIGHT}
          series={series.map(key => ({
            key,
            stackId: key.endsWith('failed') ? 'failed' : 'succeeded',
            ...colorOf(key),
          }))}
          caption={`Hours in UTC.${
            value.nextCursor
              ? ` Only the latest ${RUNS_CHART_LIMIT} runs of the window are counted.`
              : ''
          }`}
        />
      );
  }
  return <InfoCard title="Runs over time">{body}</InfoCard>;
}
