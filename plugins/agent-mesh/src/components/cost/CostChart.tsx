import {
  CostGranularity,
  CostPoint,
  CostSeriesResponse,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney } from '../../format/numbers';
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
    // The chart takes the card's width, never more: recharts measures this box, so it must not grow
    // with its content (`minWidth: 0`), and nothing drawn outside it spills over the card.
    <Box
      component="figure"
      m={0}
      mb={2}
      width="100%"
      minWidth={0}
      overflow="hidden"
      aria-label={`Cost by ${groupLabel}, ${granularity.toLowerCase()}`}
    >
      <ResponsiveContainer
        width="100%"
        height={CHART_HEIGHT}
        initialDimension={{ width: 800, height: CHART_HEIGHT }}
      >
        <BarChart data={rows} margin={{ top: 16, right: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" />
          <YAxis tickFormatter={value => money(Number(value))} width={90} />
          <Tooltip formatter={value => money(Number(value))} />
          <Legend />
          {series.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              name={key}
              stackId="cost"
              fill={
                key === FORECAST_SERIES
                  ? theme.palette.action.disabled
                  : palette[index % palette.length]
              }
              isAnimationActive={false}
            />
          ))}
          {budgetLine !== undefined && (
            <ReferenceLine
              y={budgetLine}
              stroke={theme.palette.error.main}
              strokeDasharray="6 3"
              label={{
                value: granularity === 'MONTHLY' ? 'Budget' : 'Budget per day',
                position: 'insideTopRight',
              }}
            />
          )}
          {forecastLine !== undefined && (
            <ReferenceLine
              y={forecastLine}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 2"
              label={{
                value: 'Forecast per day',
                position: 'insideBottomRight',
              }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      {caption && (
        <Typography variant="caption" component="figcaption">
          {caption}
        </Typography>
      )}
    </Box>
  );
}
