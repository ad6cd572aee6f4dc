import { AttributeValue, clone, Item } from '../dynamodb/attributeValues';
import {
  applyUpdate,
  evaluate,
  ExpressionContext,
  parseCondition,
} from '../dynamodb/expressions';
import { HASH_KEY, RANGE_KEY, Table, TableStore } from '../dynamodb/tableStore';
import { AwsServiceError, validationError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { RequestContext } from '../server/requestContext';
import { epochSeconds } from './paging';

const TARGET = 'DynamoDB_20120810';
const NS = 'com.amazonaws.dynamodb.v20120810#';

function error(code: string, message: string): AwsServiceError {
  return new AwsServiceError(`${NS}${code}`, message);
}

function tableOf(
  tables: TableStore,
  input: Record<string, unknown>,
  context: RequestContext,
): Table {
  const name = input.TableName;
  if (typeof name !== 'string' || name.length < 3) {
    throw validationError(
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  }
  const table = tables.get(context.region, name);
  if (!table)
    throw error('ResourceNotFoundException', 'Requested resource not found');
  return table;
}

function keyOf(
  input: Record<string, unknown>,
  field: 'Key' | 'Item',
): { pk: string; sk: string; key: Item } {
  const source = input[field] as Item | undefined;
  const pk = source?.[HASH_KEY]?.S;
  const sk = source?.[RANGE_KEY]?.S;
  if (
    typeof pk !== 'string' ||
    typeof sk !== 'string' ||
    (field === 'Key' && Object.keys(source!).length !== 2)
  ) {
    throw validationError('The provided key element does not match the schema');
  }
  return { pk, sk, key: { [HASH_KEY]: { S: pk }, [RANGE_KEY]: { S: sk } } };
}

function expressionContext(
  input: Record<string, unknown>,
  parameter: string,
): ExpressionContext {
  return {
    names: input.ExpressionAttributeNames as Record<string, string> | undefined,
    values: input.ExpressionAttributeValues as
      | Record<string, AttributeValue>
      | undefined,
    parameter,
  };
}

/** Checks a write's ConditionExpression against the current item; throws ConditionalCheckFailedException. */
function checkCondition(
  input: Record<string, unknown>,
  current: Item | undefined,
  used: Set<string>,
  usedNames: Set<string>,
): void {
  if (typeof input.ConditionExpression !== 'string') return;
  const context = expressionContext(input, 'ConditionExpression');
  const { condition, parser } = parseCondition(
    input.ConditionExpression,
    context,
  );
  parser.usedValues.forEach(v => used.add(v));
  parser.usedNames.forEach(n => usedNames.add(n));
  if (!evaluate(condition, current, context)) {
    const failure = error(
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    if (input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && current) {
      failure.details.Item = clone(current);
    }
    throw failure;
  }
}

function checkAllUsed(
  input: Record<string, unknown>,
  usedValues: Set<string>,
  usedNames: Set<string>,
): void {
  const values = Object.keys((input.ExpressionAttributeValues as object) ?? {});
  const unusedValues = values.filter(v => !usedValues.has(v));
  if (unusedValues.length > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(
        ', ',
      )}}`,
    );
  }
  const names = Object.keys((input.ExpressionAttributeNames as object) ?? {});
  const unusedNames = names.filter(n => !usedNames.has(n));
  if (unusedNames.length > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(
        ', ',
      )}}`,
    );
  }
}

function project(item: Item, input: Record<string, unknown>): Item {
  if (typeof input.ProjectionExpression !== 'string') return clone(item);
  const names = input.ExpressionAttributeNames as
    | Record<string, string>
    | undefined;
  const wanted = input.ProjectionExpression.split(',').map(p => {
    const t = p.trim();
    return t.startsWith('#') ? names?.[t] ?? t : t;
  });
  return Object.fromEntries(
    wanted.filter(w => item[w]).map(w => [w, clone(item[w])]),
  );
}

/** The DynamoDB item operations (AWS JSON 1.0, `DynamoDB_20120810.*`) on tables keyed `pk`/`sk`. */
export function dynamoDbOperations(deps: {
  tables: TableStore;
}): OperationTable {
  const { tables } = deps;
  return {
    [`${TARGET}.GetItem`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      const { pk, sk } = keyOf(input, 'Key');
      const item = TableStore.read(table, pk, sk);
      return item ? { Item: project(item, input) } : {};
    },

    [`${TARGET}.BatchGetItem`]: async (input, context) =>
      batchGetItem(tables, input, context),

    [`${TARGET}.PutItem`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      const { pk, sk } = keyOf(input, 'Item');
      const current = TableStore.read(table, pk, sk);
      const usedValues = new Set<string>();
      const usedNames = new Set<string>();
      checkCondition(input, current, usedValues, usedNames);
      checkAllUsed(input, usedValues, usedNames);
      TableStore.write(table, clone(input.Item as Item));
      return input.ReturnValues === 'ALL_OLD' && current
        ? { Attributes: current }
        : {};
    },

    [`${TARGET}.UpdateItem`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      const { pk, sk, key } = keyOf(input, 'Key');
      const current = TableStore.read(table, pk, sk);
      const usedValues = new Set<string>();
      const usedNames = new Set<string>();
      checkCondition(input, current, usedValues, usedNames);
      if (typeof input.UpdateExpression !== 'string') {
        if (input.AttributeUpdates)
          throw validationError(
            'AttributeUpdates is not served by local-aws; use UpdateExpression',
          );
        checkAllUsed(input, usedValues, usedNames);
        if (!current) TableStore.write(table, key);
        return {};
      }
      const { updated, parser, changed } = applyUpdate(
        input.UpdateExpression,
        current,
        key,
        expressionContext(input, 'UpdateExpression'),
      );
      parser.usedValues.forEach(v => usedValues.add(v));
      parser.usedNames.forEach(n => usedNames.add(n));
      checkAllUsed(input, usedValues, usedNames);
      TableStore.write(table, updated);
      switch (input.ReturnValues) {
        case 'ALL_NEW':
          return { Attributes: clone(updated) };
        case 'ALL_OLD':
          return current ? { Attributes: clone(current) } : {};
        case 'UPDATED_NEW':
          return {
            Attributes: Object.fromEntries(
              changed.filter(c => updated[c]).map(c => [c, clone(updated[c])]),
            ),
          };
        case 'UPDATED_OLD':
          return current
            ? {
                Attributes: Object.fromEntries(
                  changed
                    .filter(c => current[c])
                    .map(c => [c, clone(current[c])]),
                ),
              }
            : {};
        default:
          return {};
      }
    },

    [`${TARGET}.DeleteItem`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      const { pk, sk } = keyOf(input, 'Key');
      const current = TableStore.read(table, pk, sk);
      const usedValues = new Set<string>();
      const usedNames = new Set<string>();
      checkCondition(input, current, usedValues, usedNames);
      checkAllUsed(input, usedValues, usedNames);
      TableStore.remove(table, pk, sk);
      return input.ReturnValues === 'ALL_OLD' && current
        ? { Attributes: current }
        : {};
    },

    [`${TARGET}.Query`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      if (typeof input.KeyConditionExpression !== 'string') {
        throw validationError(
          'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
        );
      }
      const keyContext = expressionContext(input, 'KeyConditionExpression');
      const { condition, parser } = parseCondition(
        input.KeyConditionExpression,
        keyContext,
      );
      const pk = partitionValue(condition, keyContext);
      const usedValues = new Set(parser.usedValues);
      const usedNames = new Set(parser.usedNames);
      let filter: ReturnType<typeof parseCondition> | undefined;
      if (typeof input.FilterExpression === 'string') {
        filter = parseCondition(
          input.FilterExpression,
          expressionContext(input, 'FilterExpression'),
        );
        filter.parser.usedValues.forEach(v => usedValues.add(v));
        filter.parser.usedNames.forEach(n => usedNames.add(n));
      }
      if (typeof input.ProjectionExpression === 'string') {
        for (const n of input.ProjectionExpression.match(/#[A-Za-z0-9_]+/g) ??
          [])
          usedNames.add(n);
      }
      checkAllUsed(input, usedValues, usedNames);
      const limit = input.Limit === undefined ? Infinity : Number(input.Limit);
      if (!(limit >= 1)) throw validationError('Limit must be at least 1');
      const partition = table.partitions.get(pk);
      const sorted = [...(partition?.values() ?? [])]
        .filter(item => evaluate(condition, item, keyContext))
        .sort((a, b) => (a[RANGE_KEY].S < b[RANGE_KEY].S ? -1 : 1));
      if (input.ScanIndexForward === false) sorted.reverse();
      const start = input.ExclusiveStartKey as Item | undefined;
      let from = 0;
      if (start?.[RANGE_KEY]?.S !== undefined) {
        const forward = input.ScanIndexForward !== false;
        from = sorted.findIndex(i =>
          forward
            ? i[RANGE_KEY].S > start[RANGE_KEY].S
            : i[RANGE_KEY].S < start[RANGE_KEY].S,
        );
        if (from < 0) from = sorted.length;
      }
      const evaluated = sorted.slice(from, from + limit);
      const filterContext = expressionContext(input, 'FilterExpression');
      const items = filter
        ? evaluated.filter(i => evaluate(filter!.condition, i, filterContext))
        : evaluated;
      const last = evaluated[evaluated.length - 1];
      const more = from + limit < sorted.length;
      return {
        Items:
          input.Select === 'COUNT'
            ? undefined
            : items.map(i => project(i, input)),
        Count: items.length,
        ScannedCount: evaluated.length,
        ...(more && last
          ? {
              LastEvaluatedKey: {
                [HASH_KEY]: clone(last[HASH_KEY]),
                [RANGE_KEY]: clone(last[RANGE_KEY]),
              },
            }
          : {}),
      };
    },

    [`${TARGET}.DescribeTable`]: async (input, context) => {
      const table = tableOf(tables, input, context);
      return {
        Table: {
          TableName: table.name,
          TableArn: `arn:aws:dynamodb:${table.region}:${table.account}:table/${table.name}`,
          TableStatus: 'ACTIVE',
          CreationDateTime: epochSeconds(table.createdMs),
          KeySchema: [
            { AttributeName: HASH_KEY, KeyType: 'HASH' },
            { AttributeName: RANGE_KEY, KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: HASH_KEY, AttributeType: 'S' },
            { AttributeName: RANGE_KEY, AttributeType: 'S' },
          ],
          BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
          ItemCount: TableStore.itemCount(table),
        },
      };
    },

    [`${TARGET}.ListTables`]: async (input, context) => {
      const names = tables.list(context.region).map(t => t.name);
      const start = input.ExclusiveStartTableName as string | undefined;
      const after = start ? names.filter(n => n > start) : names;
      const limit = input.Limit === undefined ? 100 : Number(input.Limit);
      const page = after.slice(0, limit);
      return {
        TableNames: page,
        ...(after.length > limit
          ? { LastEvaluatedTableName: page[page.length - 1] }
          : {}),
      };
    },
  };
}

/** BatchGetItem reads at most 100 keys a call. */
export const BATCH_GET_MAX_KEYS = 100;
/** BatchGetItem answers at most 16 MB of items; the keys past that come back in UnprocessedKeys. */
export const BATCH_GET_MAX_BYTES = 16 * 1024 * 1024;

/** An item's size as DynamoDB counts it, closely enough: attribute names plus the JSON of their values. */
function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value));
  return size;
}

type KeysAndAttributes = {
  Keys?: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  AttributesToGet?: string[];
};

/**
 * BatchGetItem as DynamoDB answers it: up to 100 keys over one or more tables (by name or ARN), no duplicate
 * keys, every table must exist; `Responses` by table (in no particular order), and `UnprocessedKeys` by
 * table, with the table's request parameters, for the keys not read: those past 16 MB of items, or, under an
 * injected `unprocessed` fault (DynamoDB under throttling), every key after the first of each table.
 */
function batchGetItem(
  tables: TableStore,
  input: Record<string, unknown>,
  context: RequestContext,
): Record<string, unknown> {
  const requestItems = input.RequestItems as
    | Record<string, KeysAndAttributes>
    | undefined;
  if (
    !requestItems ||
    typeof requestItems !== 'object' ||
    Object.keys(requestItems).length === 0
  ) {
    throw validationError(
      "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
    );
  }
  let total = 0;
  const reads: Array<{
    name: string;
    table: Table;
    request: KeysAndAttributes;
  }> = [];
  for (const [name, request] of Object.entries(requestItems)) {
    const keys = request?.Keys;
    if (!Array.isArray(keys) || keys.length === 0) {
      throw validationError(
        `1 validation error detected: Value at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    }
    total += keys.length;
    if (request.ProjectionExpression && request.AttributesToGet) {
      throw validationError(
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
      );
    }
    const tableName = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\//.test(
      name,
    )
      ? name.slice(name.indexOf(':table/') + ':table/'.length)
      : name;
    const table = tableOf(tables, { TableName: tableName }, context);
    const seen = new Set<string>();
    for (const key of keys) {
      const { pk, sk } = keyOf({ Key: key }, 'Key');
      const id = JSON.stringify([pk, sk]);
      if (seen.has(id)) {
        throw validationError('Provided list of item keys contains duplicates');
      }
      seen.add(id);
    }
    if (request.ExpressionAttributeNames && !request.ProjectionExpression) {
      throw validationError(
        'ExpressionAttributeNames can only be specified when using expressions',
      );
    }
    reads.push({ name, table, request });
  }
  if (total > BATCH_GET_MAX_KEYS) {
    throw validationError('Too many items requested for the BatchGetItem call');
  }
  const partial = context.faults?.has('unprocessed') ?? false;
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  let bytes = 0;
  for (const { name, table, request } of reads) {
    const found: Item[] = [];
    const left: Item[] = [];
    const keys = request.Keys!;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      if ((partial && index > 0) || bytes >= BATCH_GET_MAX_BYTES) {
        left.push(key);
        continue;
      }
      const item = TableStore.read(table, key[HASH_KEY].S!, key[RANGE_KEY].S!);
      if (!item) continue;
      bytes += itemBytes(item);
      found.push(
        request.AttributesToGet
          ? project(item, {
              ProjectionExpression: request.AttributesToGet.join(','),
            })
          : project(item, request as Record<string, unknown>),
      );
    }
    responses[name] = found;
    if (left.length > 0) {
      const { Keys: _keys, ...parameters } = request;
      unprocessed[name] = { ...parameters, Keys: left };
    }
  }
  return { Responses: responses, UnprocessedKeys: unprocessed };
}

/** The partition key value of a key condition, which must test `pk` for equality. */
function partitionValue(
  condition: ReturnType<typeof parseCondition>['condition'],
  context: ExpressionContext,
): string {
  const candidates =
    condition.kind === 'and' ? [condition.left, condition.right] : [condition];
  for (const c of candidates) {
    if (
      c.kind === 'compare' &&
      c.op === '=' &&
      c.left.kind === 'path' &&
      c.left.name === HASH_KEY &&
      c.right.kind === 'value'
    ) {
      const value = context.values![c.right.key];
      if (typeof value?.S === 'string') return value.S;
    }
  }
  throw validationError('Query condition missed key schema element: pk');
}
