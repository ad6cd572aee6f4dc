import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AttributeValue,
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  DynamoDBClient,
  KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  AgentLaneState,
  isLane,
  laneItemKey,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsTarget,
} from './awsClientFactory';

/** BatchGetItem takes at most 100 keys. */
const BATCH_SIZE = 100;
/** Retries of keys DynamoDB left unprocessed (it does so under throttling). */
const MAX_UNPROCESSED_RETRIES = 3;
/** The first wait before asking again for unprocessed keys; it doubles with each retry. */
const UNPROCESSED_BACKOFF_MS = 50;

/**
 * Reads agents' lane items (pk `agent#<name>`, sk `lane`) from the mesh's KV table.
 *
 * @public
 */
export interface LaneService {
  /**
   * The lane of each agent, by agent name: one BatchGetItem per 100 agents. An agent without an item runs
   * `read_only` (`source: 'default'`); an item naming no known lane is left out and reported in `invalid`.
   */
  readLanes(
    target: AwsTarget,
    tableName: string,
    agents: string[],
  ): Promise<{ lanes: Record<string, AgentLaneState>; invalid: string[] }>;
}

/** @public */
export class DefaultLaneService implements LaneService {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultLaneService(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async readLanes(target: AwsTarget, tableName: string, agents: string[]) {
    const client = await this.clients.dynamoDb(target);
    const items = await this.batchGet(client, tableName, agents);
    return toLanes(items, agents);
  }

  private async batchGet(
    client: DynamoDBClient,
    tableName: string,
    agents: string[],
  ): Promise<Array<Record<string, AttributeValue>>> {
    const items: Array<Record<string, AttributeValue>> = [];
    for (let i = 0; i < agents.length; i += BATCH_SIZE) {
      let request: KeysAndAttributes | undefined = {
        Keys: agents
          .slice(i, i + BATCH_SIZE)
          .map(agent => marshall(laneItemKey(agent))),
        ConsistentRead: true,
      };
      for (let attempt = 0; request?.Keys?.length; attempt++) {
        if (attempt > MAX_UNPROCESSED_RETRIES) {
          const error = new Error(
            `DynamoDB left ${request.Keys.length} lane items unprocessed after ${MAX_UNPROCESSED_RETRIES} retries`,
          );
          error.name = 'ProvisionedThroughputExceededException';
          throw error;
        }
        if (attempt > 0) {
          // DynamoDB leaves keys unprocessed when it throttles: back off before asking again, as AWS advises.
          await new Promise(resolve =>
            setTimeout(resolve, UNPROCESSED_BACKOFF_MS * 2 ** (attempt - 1)),
          );
        }
        const out: BatchGetItemCommandOutput = await client.send(
          new BatchGetItemCommand({ RequestItems: { [tableName]: request } }),
        );
        items.push(...(out.Responses?.[tableName] ?? []));
        // UnprocessedKeys holds the keys with the request's parameters, ready to send again.
        request = out.UnprocessedKeys?.[tableName];
      }
    }
    return items;
  }
}

/** A lane item as stored: written by the portal (or the stack's deploy), so each field is checked on read. */
interface LaneItem {
  pk: unknown;
  lane?: unknown;
  version?: unknown;
  updatedAt?: unknown;
  updatedBy?: unknown;
}

function toLanes(
  items: Array<Record<string, AttributeValue>>,
  agents: string[],
): { lanes: Record<string, AgentLaneState>; invalid: string[] } {
  const lanes: Record<string, AgentLaneState> = {};
  const invalid: string[] = [];
  const byAgent = new Map(
    items
      .map(item => unmarshall(item) as LaneItem)
      .map(item => [String(item.pk).replace(/^agent#/, ''), item]),
  );
  for (const agent of agents) {
    const item = byAgent.get(agent);
    if (!item) {
      lanes[agent] = { lane: 'read_only', source: 'default' };
      continue;
    }
    if (!isLane(item.lane)) {
      invalid.push(agent);
      continue;
    }
    const state: AgentLaneState = { lane: item.lane, source: 'kv' };
    if (typeof item.version === 'number') state.version = item.version;
    if (typeof item.updatedAt === 'string' && item.updatedAt)
      state.updatedAt = item.updatedAt;
    if (typeof item.updatedBy === 'string' && item.updatedBy)
      state.updatedBy = item.updatedBy;
    lanes[agent] = state;
  }
  return { lanes, invalid };
}

/**
 * Reads lanes; replace it to read them another way.
 *
 * @public
 */
export const laneServiceRef = createServiceRef<LaneService>({
  id: 'agent-mesh.lanes',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => DefaultLaneService.fromConfig({ clients }),
    }),
});
