/*
 * OpenTelemetry metrics out of the process, for Prometheus to scrape. Backstage's metrics service (and so the
 * catalog, the scaffolder and the Agent Mesh plugin) records through the OpenTelemetry API; without a meter
 * provider those records go nowhere. Imported first by src/index.ts, because the API hands out no-op meters
 * to whoever asks before a provider is set.
 *
 * Off unless OTEL_EXPORTER_PROMETHEUS_PORT is set, so a plain `yarn start` opens no second port.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

const port = process.env.OTEL_EXPORTER_PROMETHEUS_PORT;
if (port) {
  // The OpenTelemetry spec's variable names; this exporter does not read them itself. Serves /metrics.
  const exporter = new PrometheusExporter({
    port: Number(port),
    host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST,
  });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
}
