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
import request from 'supertest';
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
  const http = () => request(backend.server);
  return { backend, knex, auditor, trigger, http };
}

/** The agent's lane item in local-aws's KV table, read over the wire (undefined when there is none). */
export async function kvItem(running: RunningLocalAws, agent: string) {
  const client = new DynamoDBClient({
    region: MESH.region,
    endpoint: running.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const key = laneItemKey(agent);
  const out = await client.send(
    new GetItemCommand({
      TableName: meshResourceNames(MESH.meshId).kvTable,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  client.destroy();
  const item = out.Item;
  return item
    ? {
        lane: item.lane?.S,
        version: Number(item.version?.N ?? 0),
        updatedBy: item.updatedBy?.S,
      }
    : undefined;
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
