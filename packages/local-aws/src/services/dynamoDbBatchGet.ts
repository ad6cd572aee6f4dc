import { Item } from '../dynamodb/attributeValues';
import { HASH_KEY, RANGE_KEY, Table, TableStore } from '../dynamodb/tableStore';
import { validationError } from '../server/awsServiceError';
import { RequestContext } from '../server/requestContext';
import { keyOf, project, tableOf } from './dynamoDbRequests';

/** BatchGetItem reads at most 100 keys a call. */
export const BATCH_GET_MAX_KEYS = 100;
/** BatchGetItem answers at most 16 MB of items; the keys past that come back in UnprocessedKeys. */
export const BATCH_GET_MAX_BYTES = 16 * 1024 * 1024;

type KeysAndAttributes = {
  Keys?: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  AttributesToGet?: string[];
};

/** One table's part of a BatchGetItem request, checked. */
interface TableRead {
  name: string;
  table: Table;
  request: KeysAndAttributes;
}

/**
 * BatchGetItem as DynamoDB answers it: up to 100 keys over one or more tables (by name or ARN), no duplicate
 * keys, every table must exist; `Responses` by table (in no particular order), and `UnprocessedKeys` by
 * table, with the table's request parameters, for the keys not read: those past 16 MB of items, or, under an
 * injected `unprocessed` fault (DynamoDB under throttling), every key after the first of each table.
 */
export function batchGetItem(
  tables: TableStore,
  input: Record<string, unknown>,
  context: RequestContext,
): Record<string, unknown> {
  const reads = tableReads(tables, input, context);
  const partial = context.faults?.has('unprocessed') ?? false;
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, KeysAndAttributes> = {};
  let bytes = 0;
  for (const { name, table, request } of reads) {
    const found: Item[] = [];
    const left: Item[] = [];
    for (const [index, key] of request.Keys!.entries()) {
      if ((partial && index > 0) || bytes >= BATCH_GET_MAX_BYTES) {
        left.push(key);
        continue;
      }
      const item = TableStore.read(table, key[HASH_KEY].S!, key[RANGE_KEY].S!);
      if (!item) continue;
      bytes += itemBytes(item);
      found.push(projected(item, request));
    }
    responses[name] = found;
    if (left.length > 0) {
      const { Keys: _keys, ...parameters } = request;
      unprocessed[name] = { ...parameters, Keys: left };
    }
  }
  return { Responses: responses, UnprocessedKeys: unprocessed };
}

/** Every table's request, checked as DynamoDB checks them before reading anything. */
function tableReads(
  tables: TableStore,
  input: Record<string, unknown>,
  context: RequestContext,
): TableRead[] {
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
  const reads = Object.entries(requestItems).map(([name, request]) => {
    total += checkedKeys(name, request).length;
    const table = tableOf(tables, { TableName: tableNameOf(name) }, context);
    checkNoDuplicates(request.Keys!);
    if (request.ExpressionAttributeNames && !request.ProjectionExpression) {
      throw validationError(
        'ExpressionAttributeNames can only be specified when using expressions',
      );
    }
    return { name, table, request };
  });
  if (total > BATCH_GET_MAX_KEYS) {
    throw validationError('Too many items requested for the BatchGetItem call');
  }
  return reads;
}

function checkedKeys(name: string, request: KeysAndAttributes): Item[] {
  const keys = request?.Keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw validationError(
      `1 validation error detected: Value at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (request.ProjectionExpression && request.AttributesToGet) {
    throw validationError(
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
    );
  }
  return keys;
}

/** A table is named by its name or its ARN. */
function tableNameOf(name: string): string {
  return /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\//.test(name)
    ? name.slice(name.indexOf(':table/') + ':table/'.length)
    : name;
}

function checkNoDuplicates(keys: Item[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    const { pk, sk } = keyOf({ Key: key }, 'Key');
    const id = JSON.stringify([pk, sk]);
    if (seen.has(id)) {
      throw validationError('Provided list of item keys contains duplicates');
    }
    seen.add(id);
  }
}

/** The item with the attributes the request asked for, by expression or by the older AttributesToGet. */
function projected(item: Item, request: KeysAndAttributes): Item {
  return request.AttributesToGet
    ? project(item, { ProjectionExpression: request.AttributesToGet.join(',') })
    : project(item, request as Record<string, unknown>);
}

/** An item's size as DynamoDB counts it, closely enough: attribute names plus the JSON of their values. */
function itemBytes(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value));
  return size;
}
