import {
  coreServices,
  createServiceFactory,
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  laneItemKey,
  meshResourceNames,
} from '@agent-mesh/plugin-agent-mesh-common';
import { RunningLocalAws } from 'local-aws';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import express from 'express';
import request from 'supertest';
import { spec } from '../schema/openapi';
import { agentMeshPlugin } from '../plugin';
import { demoCatalogEntities, startDemoAws } from './localAwsWorld';
import { refreshTrigger } from './refreshTrigger';

/** The people of the permission tests, as the default policy sees them. */
export const PEOPLE = {
  /** A member of the mesh's owner group: promotes and demotes. */
  owner: 'user:default/olivia-owner',
  /** A second owner, so one owner can request and another... still cannot approve without the group. */
  otherOwner: 'user:default/oscar-owner',
  /** A member of the configured approver group: approves, nothing else. */
  approver: 'user:default/avery-approver',
  /** An owner who is also an approver. */
  ownerApprover: 'user:default/olga-owner-approver',
  /** Signed in, in neither group: reads only. */
  other: 'user:default/uma-user',
};

/** The test mesh: the demo world's medium mesh (staging), with every lane and the approval gate. */
export const MESH = {
  ref: 'system:default/billing-staging',
  path: '/api/agent-mesh/meshes/default/billing-staging',
  meshId: 'billing-staging',
  region: 'us-east-1',
};

/**
 * Decides like the default policy: every signed-in user and service reads; owners (members of the owner
 * group) promote and demote; members of the approver group approve; service principals change nothing.
 */
export function policyPermissions() {
  const owners = new Set([
    PEOPLE.owner,
    PEOPLE.otherOwner,
    PEOPLE.ownerApprover,
  ]);
  const approvers = new Set([PEOPLE.approver, PEOPLE.ownerApprover]);
  const decide = (name: string, credentials: BackstageCredentials) => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (name === 'agent-mesh.read') {
      return principal.type === 'user' || principal.type === 'service';
    }
    if (principal.type !== 'user') return false;
    const user = principal.userEntityRef!;
    if (
      name === 'agent-mesh.lane.promote' ||
      name === 'agent-mesh.lane.demote'
    ) {
      return owners.has(user);
    }
    if (name === 'agent-mesh.approval.decide') return approvers.has(user);
    return false;
  };
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => ({
        result: decide(r.permission.name, options.credentials)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })) as any,
  });
}

/** An auditor that records each event and how it ended; `failNext` makes createEvent throw. */
export function recordingAuditor() {
  const events: Array<{
    eventId: string;
    severityLevel?: string;
    meta?: Record<string, unknown>;
    outcome?: 'success' | 'fail';
    error?: Error;
  }> = [];
  let failing = false;
  const auditor: AuditorService = {
    async createEvent(options) {
      if (failing) throw new Error('the audit log is unreachable');
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta as Record<string, unknown>,
      };
      events.push(event);
      return {
        async success() {
          event.outcome = 'success';
        },
        async fail({ error }) {
          event.outcome = 'fail';
          event.error = error;
        },
      };
    },
  };
  return {
    events,
    setFailing(value: boolean) {
      failing = value;
    },
    factory: createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => auditor,
    }),
  };
}

/** The demo catalog, with the test mesh's budget raised so the cost gate passes unless a test says otherwise. */
export function testEntities(budget = '100000'): Entity[] {
  return demoCatalogEntities().map(entity =>
    entity.kind === 'System' && entity.metadata.name === 'billing-staging'
      ? {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'agent-mesh.io/monthly-budget-usd': budget,
            },
          },
        }
      : entity,
  );
}

/** The plugin config for the test world: every AWS service at local-aws, lenient gates unless overridden. */
export function testConfig(running: RunningLocalAws, promotion: object = {}) {
  return {
    agentMesh: {
      aws: {
        endpoints: {
          stepFunctions: running.url,
          cloudWatch: running.url,
          costExplorer: running.url,
          dynamoDb: running.url,
          eventBridge: running.url,
          s3: running.s3Url,
        },
      },
      promotion: {
        gates: {
          staging: {
            minSuccessfulRuns: 1,
            maxFailureRate: 1,
            requiredArtifacts: ['evaluation-report.json'],
          },
        },
        ...promotion,
      },
    },
  };
}

/** Starts local-aws for a suite, with its clock standing still at the suite's start. */
export function startTestAws() {
  return startDemoAws({ now: Date.now() });
}

/** Starts the plugin against `running` on a fresh database, and refreshes the snapshots once. */
export async function startPromotionBackend(options: {
  running: RunningLocalAws;
  databases: TestDatabases;
  databaseId?: TestDatabaseId;
  promotion?: object;
  entities?: Entity[];
  auditor?: ReturnType<typeof recordingAuditor>;
  /** Sends the plugin's requests through wrapServer, so a response that does not match openapi.yaml fails. */
  checkAgainstSpec?: boolean;
}) {
  const knex = await options.databases.init(options.databaseId ?? 'SQLITE_3');
  const trigger = refreshTrigger();
  const auditor = options.auditor ?? recordingAuditor();
  const backend = await startTestBackend({
    features: [
      agentMeshPlugin,
      mockServices.rootConfig.factory({
        data: testConfig(options.running, options.promotion),
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      policyPermissions().factory,
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities(),
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      auditor.factory,
      trigger.module,
    ],
  });
  await trigger.refresh();
  const http = options.checkAgainstSpec
    ? await specCheckedHttp(backend.server)
    : () => request(backend.server);
  return { backend, knex, auditor, trigger, http };
}

/**
 * wrapServer validates with an Ajv that knows no string formats and throws on one, so the spec it reads
 * spells our two formats as the patterns they stand for (RFC 3339); any other format fails loudly here.
 */
const FORMAT_PATTERNS: Record<string, string> = {
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  'date-time':
    '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$',
};

function withFormatsAsPatterns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFormatsAsPatterns);
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, withFormatsAsPatterns(v)]),
  );
  if (copy.type === 'string' && typeof copy.format === 'string') {
    const pattern = FORMAT_PATTERNS[copy.format];
    if (!pattern)
      throw new Error(`No pattern stands for the format ${copy.format}`);
    delete copy.format;
    copy.pattern = pattern;
  }
  return copy;
}

/** Where the test backend mounts the plugin's router. */
const PLUGIN_MOUNT = '/api/agent-mesh';

/**
 * Supertest through wrapServer's validating proxy: every request and response is checked against the spec, and
 * a mismatch fails the test. The spec names paths relative to the plugin's mount, so the proxy sees them so
 * (tests still write the mounted paths) and the backend gets them mounted again.
 */
async function specCheckedHttp(server: import('node:http').Server) {
  const backend = server.listeners('request')[0] as express.Handler;
  const app = express();
  app.get('/openapi.json', (_req, res) =>
    res.json(withFormatsAsPatterns(spec)),
  );
  app.use((req, res, next) => {
    req.url = `${PLUGIN_MOUNT}${req.url}`;
    backend(req, res, next);
  });
  // wrapServer's proxy (mockttp) forwards to `localhost` over IPv6 whenever ::1 answers on the port, and not
  // every machine maps localhost to ::1: listening on the IPv4 loopback only keeps the forward on IPv4.
  const listen = app.listen.bind(app);
  Object.assign(app, { listen: (port: number) => listen(port, '127.0.0.1') });
  const checked = await wrapServer(app);
  const unmounted = (url: string) =>
    url.startsWith(PLUGIN_MOUNT) ? url.slice(PLUGIN_MOUNT.length) : url;
  return () => {
    const agent = request(checked);
    return {
      get: (url: string) => agent.get(unmounted(url)),
      post: (url: string) => agent.post(unmounted(url)),
      put: (url: string) => agent.put(unmounted(url)),
      delete: (url: string) => agent.delete(unmounted(url)),
    };
  };
}

/** The agent's lane item in local-aws's KV table, read over the wire (undefined when there is none). */
export async function kvItem(running: RunningLocalAws, agent: string) {
  const client = new DynamoDBClient({
    region: MESH.region,
    endpoint: running.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const out = await client.send(
    new GetItemCommand({
      TableName: meshResourceNames(MESH.meshId).kvTable,
      Key: marshall(laneItemKey(agent)),
      ConsistentRead: true,
    }),
  );
  client.destroy();
  if (!out.Item) return undefined;
  const item = unmarshall(out.Item);
  return {
    lane: item.lane,
    version: Number(item.version ?? 0),
    updatedBy: item.updatedBy,
  };
}

/** The portal's events on the test mesh's bus. */
export function portalEvents(running: RunningLocalAws) {
  const bus = running
    .world()
    .events.bus(MESH.region, meshResourceNames(MESH.meshId).eventBus);
  return (bus?.events ?? [])
    .filter(e => e.source === 'agent-mesh.portal')
    .map(e => ({ detailType: e.detailType, detail: JSON.parse(e.detail) }));
}

export const as = {
  user: (ref: string) => mockCredentials.user.header(ref),
  service: () => mockCredentials.service.header(),
};

/** `POST .../agents/{agent}/promotion` or `/demotion` on the test mesh, sent as `who` (the owner unless told). */
export function laneChange(
  http: () => any,
  agent: string,
  direction: 'promotion' | 'demotion',
  sent: object,
  who: string = PEOPLE.owner,
) {
  return http()
    .post(`${MESH.path}/agents/${agent}/${direction}`)
    .set('authorization', as.user(who))
    .send(sent);
}

/** `POST .../promotion-requests/{id}/approve` or `/reject` on the test mesh, sent as `who`. */
export function decidePromotionRequest(
  http: () => any,
  id: string,
  decision: 'approve' | 'reject',
  who: string,
  sent: object = {},
) {
  return http()
    .post(`${MESH.path}/promotion-requests/${id}/${decision}`)
    .set('authorization', as.user(who))
    .send(sent);
}
