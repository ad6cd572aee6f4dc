import {
  CostGranularity,
  CostPoint,
  CostSeriesResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import { useTheme } from '@material-ui/core/styles';
import { ReferenceLine } from 'recharts';
import { formatMoney } from '../../format/numbers';
import { StackedBarChart } from '../shared';
import { amountsOf, groupColumns, OTHER, periodLabel } from './costGroups';

type CostForecast = NonNullable<CostSeriesResponse['forecast']>;

/** The series key of the forecast's part of the current month that has not been spent yet. */
export const FORECAST_SERIES = 'Forecast (rest of month)';

const CHART_HEIGHT = 300;

function daysInMonth(date: string): number {
  const [year, month] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One row per period, oldest first: the amount of each shown group (and "Other"), and the forecast's rest. */
export function costChartRows(
  points: CostPoint[],
  granularity: CostGranularity,
  forecast: CostForecast | undefined,
): { rows: Array<Record<string, number | string>>; series: string[] } {
  const { shown, other } = groupColumns(points);
  const series = other ? [...shown, OTHER] : [...shown];
  const rows: Array<Record<string, number | string>> = points.map(point => {
    const amounts = amountsOf(point, shown);
    const row: Record<string, number | string> = {
      period: periodLabel(point, granularity),
    };
    for (const key of series) {
      row[key] = amounts.get(key) ?? 0;
    }
    return row;
  });
  if (granularity === 'MONTHLY' && forecast) {
    const month = forecast.start.slice(0, 7);
    const current = points.find(point => point.start.startsWith(month));
    const rest = forecast.amount - (current?.total ?? 0);
    if (rest > 0) {
      const row = rows.find(r => r.period === month);
      if (row) {
        row[FORECAST_SERIES] = rest;
      } else {
        rows.push({ period: month, [FORECAST_SERIES]: rest });
      }
      series.push(FORECAST_SERIES);
    }
  }
  return { rows, series };
}

/**
 * The cost series as stacked bars, one colour per group (the five largest and "Other"), with the budget as
 * a line and the month's forecast: the unspent rest of the month stacked on the current month (monthly),
 * or the forecast's and the budget's share per day as lines (daily). The table below the chart holds the
 * same numbers for screen readers, so the chart itself is one labelled figure.
 */
export function CostChart(props: {
  points: CostPoint[];
  currency: string;
  granularity: CostGranularity;
  groupLabel: string;
  budget?: number;
  forecast?: CostForecast;
}) {
  const { points, currency, granularity, groupLabel, budget, forecast } = props;
  const theme = useTheme();
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#2e7d32',
    theme.palette.warning?.main ?? '#ed6c02',
    theme.palette.info?.main ?? '#0288d1',
    theme.palette.grey[500],
  ];
  const { rows, series } = costChartRows(points, granularity, forecast);
  const money = (amount: number) => formatMoney(amount, currency);
  const month = (forecast?.start ?? points[points.length - 1]?.start) || '';
  const days = month ? daysInMonth(month) : 30;
  let budgetLine: number | undefined;
  if (budget !== undefined) {
    budgetLine = granularity === 'MONTHLY' ? budget : budget / days;
  }
  const forecastLine =
    granularity === 'DAILY' && forecast ? forecast.amount / days : undefined;

  const lines = [
    budgetLine !== undefined && {
      y: budgetLine,
      label: granularity === 'MONTHLY' ? 'Budget' : 'Budget per day',
      stroke: theme.palette.error.main,
      dash: '6 3',
      position: 'insideTopRight' as const,
    },
    forecastLine !== undefined && {
      y: forecastLine,
      label: 'Forecast per day',
      stroke: theme.palette.text.secondary,
      dash: '2 2',
      position: 'insideBottomRight' as const,
    },
  ].filter(line => !!line);

  const caption = [
    budget !== undefined &&
      (granularity === 'MONTHLY'
        ? `Budget ${money(budget)} a month`
        : `Budget ${money(budget)} a month (${money(budget / days)} a day)`),
    forecast &&
      (granularity === 'MONTHLY'
        ? `Forecast ${money(forecast.amount)} for the month`
        : `Forecast ${money(forecast.amount)} for the month (${money(
            forecast.amount / days,
          )} a day)`),
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <StackedBarChart
      label={`Cost by ${groupLabel}, ${granularity.toLowerCase()}`}
      rows={rows}
      xKey="period"
      height={CHART_HEIGHT}
      yAxisWidth={90}
      format={money}
      caption={caption}
      series={series.map((key, index) => ({
        key,
        stackId: 'cost',
        fill:
          key === FORECAST_SERIES
            ? theme.palette.action.disabled
            : palette[index % palette.length],
      }))}
    >
      {/* The lines widen the axis when they are above the bars, so they are always drawn. */}
      {lines.map(line => (
        <ReferenceLine
          key={line.label}
          y={line.y}
          ifOverflow="extendDomain"
          stroke={line.stroke}
          strokeDasharray={line.dash}
          label={{ value: line.label, position: line.position }}
        />
      ))}
    </StackedBarChart>
  );
}
