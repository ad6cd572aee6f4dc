/*
 * The snapshot route side by side with Backstage's own catalog route, through the real stack: the backend
 * process as `yarn start` runs it (app-config.yaml: real httpAuth with a guest token, the permission framework
 * with our policy, the catalog with the demo entities, SQLite), loaded with autocannon at 1, 10 and 50
 * connections, each route in turn in the same run.
 *
 *   yarn workspace backend bench:routes [--seconds 10]
 */
import autocannon from 'autocannon';
import { startBackendProcess, waitForOk } from '../src/testing/backendProcess';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;

const ROUTES = {
  'catalog GET /api/catalog/entities?limit=20':
    '/api/catalog/entities?limit=20',
  'agent-mesh GET .../billing-staging/snapshot':
    '/api/agent-mesh/meshes/default/billing-staging/snapshot',
};

async function main() {
  const backend = await startBackendProcess({
    configFiles: ['app-config.yaml'],
    embeddedAws: true,
  });
  try {
    await waitForOk(backend, '/api/agent-mesh/health', 120_000);
    const { backstageIdentity } = await (
      await fetch(`${backend.baseUrl}/api/auth/guest/refresh`)
    ).json();
    const headers = { authorization: `Bearer ${backstageIdentity.token}` };
    // The first snapshot is there before the load starts.
    for (;;) {
      const response = await fetch(
        `${backend.baseUrl}${ROUTES['agent-mesh GET .../billing-staging/snapshot']}`,
        { headers },
      );
      if (response.ok && (await response.json()).runs?.status === 'ok') break;
      await new Promise(done => setTimeout(done, 500));
    }
    const rows: Array<{
      connections: number;
      route: string;
      'req/s': number;
      'p50 ms': number;
      'p97.5 ms': number;
      'non-2xx': number;
    }> = [];
    for (const connections of [1, 10, 50]) {
      for (const [route, path] of Object.entries(ROUTES)) {
        // A short warm-up per route and level, then the measured run.
        await autocannon({
          url: `${backend.baseUrl}${path}`,
          connections,
          duration: 2,
          headers,
        });
        const result = await autocannon({
          url: `${backend.baseUrl}${path}`,
          connections,
          duration: SECONDS,
          headers,
        });
        rows.push({
          connections,
          route,
          'req/s': Math.round(result.requests.average),
          'p50 ms': result.latency.p50,
          'p97.5 ms': result.latency.p97_5,
          'non-2xx': result.non2xx + result.errors,
        });
      }
    }
    console.log(
      `\nThrough the running backend (real auth, permissions and catalog), ${SECONDS} s per route and level`,
    );
    console.table(rows);
    const slower = [1, 10, 50].filter(connections => {
      const [catalog, mesh] = rows.filter(r => r.connections === connections);
      return mesh['req/s'] < catalog['req/s'];
    });
    console.log(
      slower.length
        ? `The snapshot route is slower than the catalog route at ${slower.join(
            ', ',
          )} connections`
        : 'The snapshot route is at least as fast as the catalog route at every level',
    );
    process.exitCode = rows.some(r => r['non-2xx'] > 0) ? 1 : 0;
  } finally {
    await backend.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
