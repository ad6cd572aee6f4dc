import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AttributeValue,
  ConditionalCheckFailedException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '@backstage/errors';
import {
  isLane,
  Lane,
  laneItemKey,
  LaneVersion,
} from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsTarget,
} from './awsClientFactory';

/**
 * A lane change as the KV item sees it: from the lane and version the caller saw, to the next lane.
 *
 * @public
 */
export interface LaneWrite {
  agent: string;
  from: Lane;
  to: Lane;
  /** The item version the caller saw; 0 when the agent had no item. */
  expectedVersion: number;
  /** The user or service entity ref written into `updatedBy`. */
  actor: string;
  at: Date;
}

/**
 * The agent's lane item is not at the lane and version the write expected: someone else changed it. Nothing
 * was written. `current` is the item's lane and version now (`read_only`, 0 when there is no item).
 *
 * @public
 */
export class LaneConflictError extends ConflictError {
  constructor(readonly current: LaneVersion, message?: string) {
    super(
      message ??
        `The lane changed since it was read: it is now ${current.lane} at version ${current.version}`,
    );
    this.name = 'ConflictError';
  }
}

/**
 * Writes agents' lane items, each write conditional on the version (and lane) the caller saw, so that of
 * concurrent writes from one version exactly one wins.
 *
 * @public
 */
export interface LaneWriter {
  /** Sets the lane and raises the version by one; throws {@link LaneConflictError} when the item moved. */
  writeLane(
    target: AwsTarget,
    tableName: string,
    write: LaneWrite,
  ): Promise<LaneVersion>;
}

/** @public */
export class DefaultLaneWriter implements LaneWriter {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultLaneWriter(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async writeLane(
    target: AwsTarget,
    tableName: string,
    write: LaneWrite,
  ): Promise<LaneVersion> {
    const client = await this.clients.dynamoDb(target);
    const version = write.expectedVersion + 1;
    const first = write.expectedVersion === 0;
    const values = marshall({
      ':to': write.to,
      ':next': version,
      ':at': write.at.toISOString(),
      ':by': write.actor,
      // The expected lane and version take part only when there is an item to compare with.
      ...(first ? {} : { ':v': write.expectedVersion, ':from': write.from }),
    });
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall(laneItemKey(write.agent)),
          UpdateExpression:
            'SET #lane = :to, #version = :next, #updatedAt = :at, #updatedBy = :by',
          // An agent without an item runs read_only at version 0; its first write creates the item.
          ConditionExpression: first
            ? 'attribute_not_exists(pk)'
            : '#version = :v AND #lane = :from',
          ExpressionAttributeNames: {
            '#lane': 'lane',
            '#version': 'version',
            '#updatedAt': 'updatedAt',
            '#updatedBy': 'updatedBy',
          },
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new LaneConflictError(currentOf(error.Item));
      }
      throw error;
    }
    return { lane: write.to, version };
  }
}

function isConditionFailure(
  error: unknown,
): error is ConditionalCheckFailedException {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

function currentOf(item: Record<string, AttributeValue> | undefined) {
  if (!item) return { lane: 'read_only', version: 0 } as LaneVersion;
  const { lane, version } = unmarshall(item);
  return {
    lane: isLane(lane) ? lane : 'read_only',
    version: Number(version ?? 0),
  } as LaneVersion;
}

/**
 * Writes lanes; replace it to write them another way.
 *
 * @public
 */
export const laneWriterServiceRef = createServiceRef<LaneWriter>({
  id: 'agent-mesh.lane-writer',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => DefaultLaneWriter.fromConfig({ clients }),
    }),
});
