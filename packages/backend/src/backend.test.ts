import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import {
  BackendProcess,
  portsAreOpen,
  startBackendProcess,
  waitForOk,
} from './testing/backendProcess';

jest.setTimeout(180_000);

const POSTGRES = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: '',
};
const REDIS_URL = 'redis://127.0.0.1:6379';
const servicesRequired = process.env.CI === 'true';
const servicesPresent = portsAreOpen([POSTGRES.port, 6379]);
if (!servicesPresent && !servicesRequired) {
  // eslint-disable-next-line no-console
  console.log(
    'SKIPPED the production backend test: it needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379. ' +
      'Start both (or run with CI=true, where they are required).',
  );
}
const describeWithServices =
  servicesPresent || servicesRequired ? describe : describe.skip;

describeWithServices('the backend with app-config.production.yaml', () => {
  const database = `agent_mesh_it_${randomBytes(4).toString('hex')}`;
  let backend: BackendProcess | undefined;

  beforeAll(async () => {
    await withPostgres(client => client.query(`CREATE DATABASE ${database}`));
  });

  afterAll(async () => {
    await backend?.stop();
    await withPostgres(client =>
      client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
  });

  it('starts on PostgreSQL and Redis, serves health and refuses unauthenticated reads', async () => {
    backend = await startBackendProcess({
      configFiles: ['app-config.yaml', 'app-config.production.yaml'],
      overlay: {
        backend: {
          database: { connection: { database }, pluginDivisionMode: 'schema' },
        },
        // The production file reads templates from a URL; the test has no network, so it reads none.
        catalog: { locations: [] },
      },
      env: {
        POSTGRES_HOST: POSTGRES.host,
        POSTGRES_PORT: String(POSTGRES.port),
        POSTGRES_USER: POSTGRES.user,
        POSTGRES_PASSWORD: POSTGRES.password,
        REDIS_URL,
        BACKEND_SECRET: randomBytes(24).toString('hex'),
        APP_BASE_URL: 'http://127.0.0.1:3000',
        AUTH_GITHUB_CLIENT_ID: 'test-client',
        AUTH_GITHUB_CLIENT_SECRET: 'test-secret',
        GITHUB_TOKEN: 'test-token',
        AGENT_MESH_AWS_ACCOUNT_ID: '123456789012',
        AGENT_MESH_TEMPLATES_URL: 'https://example.invalid/templates',
      },
    });
    await waitForOk(backend, '/api/agent-mesh/health');

    const meshes = await fetch(`${backend.baseUrl}/api/agent-mesh/meshes`);
    expect(meshes.status).toBe(401);

    const schemas = await withPostgres(
      client =>
        client.query<{ schema_name: string }>(
          'SELECT schema_name FROM information_schema.schemata ORDER BY schema_name',
        ),
      database,
    ).then(result => result.rows.map(row => row.schema_name));
    expect(schemas).toEqual(
      expect.arrayContaining(['catalog', 'auth', 'scaffolder']),
    );

    expect(backend.output()).not.toMatch(/redis.*(error|refused)/i);
    // The health check writes through the plugin's cache; Backstage stores it as `<pluginId>:<base64 key>`.
    const healthKey = `agent-mesh:${Buffer.from('health-check').toString(
      'base64',
    )}`;
    await redisCommand(`DEL ${healthKey}`);
    await waitForOk(backend, '/api/agent-mesh/health');
    expect(await redisCommand(`KEYS agent-mesh:*`)).toContain(healthKey);
  });

  function withPostgres<T>(
    work: (client: Client) => Promise<T>,
    db = 'postgres',
  ): Promise<T> {
    const client = new Client({ ...POSTGRES, database: db });
    return client
      .connect()
      .then(() => work(client).finally(() => client.end()));
  }
});

describe('the backend with a bad agentMesh config', () => {
  it('stops at start with a message naming the key', async () => {
    const backend = await startBackendProcess({
      configFiles: ['app-config.yaml'],
      overlay: {
        agentMesh: { aws: { endpoints: { cloudWatch: 'not-a-url' } } },
      },
    });
    try {
      const exitCode = await backend.exited;
      expect(exitCode).not.toBe(0);
      expect(backend.output()).toContain(
        "Invalid config at 'agentMesh.aws.endpoints.cloudWatch'",
      );
    } finally {
      await backend.stop();
    }
  });
});

/** Sends one inline command, then QUIT, and returns the raw reply once Redis closes the connection. */
async function redisCommand(command: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(6379, '127.0.0.1', () =>
      socket.write(`${command}\r\nQUIT\r\n`),
    );
    let reply = '';
    socket.on('data', chunk => (reply += chunk));
    socket.on('close', () => done(reply));
    socket.on('error', fail);
  });
}
