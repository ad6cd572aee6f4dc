import { InfoCard } from '@backstage/core-components';
import {
  MeshSnapshot,
  MetricSeries,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { PanelNotice, panelHasData } from '../shared';

const CHART_HEIGHT = 160;

/** The series as chart rows: the time as `HH:MM` (UTC) and the value. */
export function metricRows(
  series: MetricSeries,
): Array<{ time: string; value: number }> {
  return series.timestamps
    .map((timestamp, i) => ({ timestamp, value: series.values[i] }))
    .filter(point => point.value !== undefined)
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
    .map(point => ({
      time: new Date(point.timestamp).toISOString().slice(11, 16),
      value: point.value,
    }));
}

function MetricChart(props: { series: MetricSeries }) {
  const { series } = props;
  const theme = useTheme();
  const rows = metricRows(series);
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  return (
    <Box component="figure" m={0} aria-label={series.label}>
      <Typography variant="subtitle2" component="figcaption">
        {series.label}
        <Typography variant="caption" color="textSecondary" component="span">
          {rows.length === 0
            ? ' — no data points'
            : ` — ${total} in the window`}
        </Typography>
      </Typography>
      {rows.length > 0 && (
        <ResponsiveContainer
          width="100%"
          height={CHART_HEIGHT}
          initialDimension={{ width: 360, height: CHART_HEIGHT }}
        >
          <LineChart data={rows} margin={{ top: 8, right: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="time" minTickGap={24} />
            <YAxis allowDecimals={false} width={32} />
            <Tooltip />
            <Line
              type="monotone"
              dataKey="value"
              name={series.label}
              stroke={theme.palette.primary.main}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}

/**
 * The CloudWatch metrics the scheduled refresh reads for the mesh (runs started, succeeded, failed, timed
 * out, throttled), one small line chart per series, each named by its label for screen readers.
 */
export function MetricsCard(props: { snapshot: MeshSnapshot }) {
  const { metrics } = props.snapshot;
  const showData = panelHasData(metrics);
  return (
    <InfoCard
      title="Metrics"
      subheader={
        showData
          ? `Per ${Math.round(metrics.periodSeconds / 60)} min, hours in UTC`
          : undefined
      }
    >
      <PanelNotice label="Metrics" panel={metrics} />
      {showData && metrics.series.length === 0 && (
        <Typography variant="body2">
          No metrics were read for this mesh.
        </Typography>
      )}
      {showData && metrics.series.length > 0 && (
        <Grid container spacing={2}>
          {metrics.series.map(series => (
            <Grid item xs={12} sm={6} lg={4} key={series.id}>
              <MetricChart series={series} />
            </Grid>
          ))}
        </Grid>
      )}
    </InfoCard>
  );
}
