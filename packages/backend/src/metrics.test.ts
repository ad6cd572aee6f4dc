import {
  BackendProcess,
  freePort,
  startBackendProcess,
  waitForOk,
} from './testing/backendProcess';

jest.setTimeout(240_000);

/**
 * The metrics as an operator gets them: the backend started as `yarn start` runs it, with the Prometheus
 * exporter on, scraped over HTTP while the embedded AWS is refreshed.
 */
describe('the backend with OTEL_EXPORTER_PROMETHEUS_PORT', () => {
  let backend: BackendProcess | undefined;
  afterAll(() => backend?.stop());

  it('serves the Agent Mesh metrics for Prometheus: AWS calls, refresh duration and snapshot age', async () => {
    const metricsPort = await freePort();
    backend = await startBackendProcess({
      configFiles: ['app-config.yaml'],
      embeddedAws: true,
      overlay: { agentMesh: { refresh: { frequency: { seconds: 5 } } } },
      env: { OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort) },
    });
    await waitForOk(backend, '/api/agent-mesh/health', 180_000);

    const wanted = [
      /^agent_mesh_aws_calls_count_total\{[^}]*service="StepFunctions"[^}]*operation="ListExecutions"[^}]*\} [1-9]/m,
      /^agent_mesh_refresh_duration(_seconds)?_count\{[^}]*result="ok"[^}]*\} [1-9]/m,
      /^agent_mesh_snapshot_age_max(_seconds)?(\{[^}]*\})? \d/m,
    ];
    const scrape = () =>
      fetch(`http://127.0.0.1:${metricsPort}/metrics`)
        .then(response => response.text())
        .catch(() => '');
    const complete = (text: string) =>
      wanted.every(pattern => pattern.test(text));
    let scraped = await scrape();
    const deadline = Date.now() + 120_000;
    while (!complete(scraped) && Date.now() < deadline) {
      await new Promise(done => setTimeout(done, 1000));
      scraped = await scrape();
    }
    for (const pattern of wanted) expect(scraped).toMatch(pattern);
    // No attribute names a mesh, an account or a secret.
    expect(scraped).not.toMatch(/agent_mesh_[^\n]*(mesh_id|account|billing-staging)/);
  });
});
