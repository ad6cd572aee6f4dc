import { randomUUID } from 'node:crypto';
import { AwsServiceError, validationError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { EventStore } from '../stores/eventStore';

const TARGET = 'AWSEvents';

/** The EventBridge operations (AWS JSON 1.1, `AWSEvents.*`): PutEvents onto the mesh buses. */
export function eventBridgeOperations(deps: {
  events: EventStore;
  now: () => number;
}): OperationTable {
  const { events, now } = deps;
  return {
    [`${TARGET}.PutEvents`]: async (input, context) => {
      const entries = input.Entries as Array<Record<string, any>> | undefined;
      if (
        !Array.isArray(entries) ||
        entries.length < 1 ||
        entries.length > 10
      ) {
        throw validationError(
          "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
        );
      }
      let failed = 0;
      const results = entries.map(entry => {
        const fail = (code: string, message: string) => {
          failed++;
          return { ErrorCode: code, ErrorMessage: message };
        };
        if (!entry.Source)
          return fail(
            'InvalidArgument',
            'Parameter Source is not valid. Reason: Source is a required argument.',
          );
        if (!entry.DetailType)
          return fail(
            'InvalidArgument',
            'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
          );
        if (!entry.Detail)
          return fail(
            'InvalidArgument',
            'Parameter Detail is not valid. Reason: Detail is a required argument.',
          );
        try {
          const detail = JSON.parse(entry.Detail);
          if (!detail || typeof detail !== 'object' || Array.isArray(detail))
            throw new Error();
        } catch {
          return fail('MalformedDetail', 'Detail is malformed.');
        }
        const busName = entry.EventBusName ?? 'default';
        const bus = events.bus(context.region, busName);
        if (!bus)
          return fail(
            'ResourceNotFoundException',
            `Event bus ${busName} does not exist.`,
          );
        const stored = events.append(bus, {
          id: randomUUID(),
          source: entry.Source,
          detailType: entry.DetailType,
          detail: entry.Detail,
          resources: entry.Resources ?? [],
          time: typeof entry.Time === 'number' ? entry.Time * 1000 : now(),
        });
        return { EventId: stored.id };
      });
      return { FailedEntryCount: failed, Entries: results };
    },

    [`${TARGET}.ListEventBuses`]: async (input, context) => {
      const prefix = input.NamePrefix as string | undefined;
      return {
        EventBuses: events
          .list(context.region)
          .filter(b => !prefix || b.name.startsWith(prefix))
          .map(b => ({
            Name: b.name,
            Arn: `arn:aws:events:${b.region}:${b.account}:event-bus/${b.name}`,
          })),
      };
    },

    [`${TARGET}.DescribeEventBus`]: async (input, context) => {
      const name = (input.Name as string | undefined) ?? 'default';
      const bus = events.bus(context.region, name);
      if (!bus)
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `Event bus ${name} does not exist.`,
        );
      return {
        Name: bus.name,
        Arn: `arn:aws:events:${bus.region}:${bus.account}:event-bus/${bus.name}`,
      };
    },
  };
}
