import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One stacked series: its key in the rows, the stack it belongs to and how it is filled. */
export interface StackedBarSeries {
  key: string;
  stackId: string;
  fill: string;
  fillOpacity?: number;
}

/**
 * Rows as stacked bars in a labelled figure that takes its card's width, never more: recharts measures
 * the box, so it must not grow with its content (`minWidth: 0`), and nothing drawn outside it spills over
 * the card. `children` are drawn in the chart (reference lines); `caption` under it.
 */
export function StackedBarChart(props: {
  label: string;
  rows: Array<Record<string, number | string>>;
  xKey: string;
  series: StackedBarSeries[];
  height: number;
  yAxisWidth?: number;
  format?: (value: number) => string;
  caption?: ReactNode;
  children?: ReactNode;
}) {
  const { label, rows, xKey, series, height, format, caption } = props;
  const formatter = format && ((value: unknown) => format(Number(value)));
  return (
    <Box
      component="figure"
      m={0}
      mb={2}
      width="100%"
      minWidth={0}
      overflow="hidden"
      aria-label={label}
    >
      <ResponsiveContainer
        width="100%"
        height={height}
        initialDimension={{ width: 800, height }}
      >
        <BarChart data={rows} margin={{ top: 16, right: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={xKey} />
          <YAxis
            allowDecimals={!!format}
            tickFormatter={formatter}
            width={props.yAxisWidth ?? 60}
          />
          <Tooltip formatter={formatter} />
          <Legend />
          {series.map(s => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.key}
              stackId={s.stackId}
              fill={s.fill}
              fillOpacity={s.fillOpacity}
              isAnimationActive={false}
            />
          ))}
          {props.children}
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
