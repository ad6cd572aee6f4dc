import { Item } from '../dynamodb/attributeValues';
import {
  Condition,
  evaluate,
  ExpressionContext,
  parseCondition,
} from '../dynamodb/expressions';
import { HASH_KEY, RANGE_KEY, Table, TableStore } from '../dynamodb/tableStore';
import { validationError } from '../server/awsServiceError';
import { RequestContext } from '../server/requestContext';
import {
  expressionContext,
  PlaceholderUse,
  primaryKeyOf,
  project,
  tableOf,
} from './dynamoDbRequests';

/** A Query's conditions, parsed and checked before any item is read. */
interface ParsedQuery {
  partitionKey: string;
  keyCondition: Condition;
  keyContext: ExpressionContext;
  filter?: Condition;
  filterContext: ExpressionContext;
  limit: number;
}

/**
 * Query as DynamoDB answers it on a `pk`/`sk` table: the partition the key condition names, in sort key order
 * (or reversed), one page of at most Limit items evaluated from ExclusiveStartKey on; the filter applies after
 * the limit, so Count can be less than ScannedCount, and LastEvaluatedKey says where the next page starts.
 */
export function query(
  tables: TableStore,
  input: Record<string, unknown>,
  context: RequestContext,
): Record<string, unknown> {
  const table = tableOf(tables, input, context);
  const parsed = parseQuery(input);
  const sorted = partitionInOrder(table, parsed, input);
  const from = pageStart(sorted, input);
  const evaluated = sorted.slice(from, from + parsed.limit);
  const items = parsed.filter
    ? evaluated.filter(i => evaluate(parsed.filter!, i, parsed.filterContext))
    : evaluated;
  const last = evaluated[evaluated.length - 1];
  const more = from + parsed.limit < sorted.length;
  return {
    Items:
      input.Select === 'COUNT' ? undefined : items.map(i => project(i, input)),
    Count: items.length,
    ScannedCount: evaluated.length,
    ...(more && last ? { LastEvaluatedKey: primaryKeyOf(last) } : {}),
  };
}

function parseQuery(input: Record<string, unknown>): ParsedQuery {
  if (typeof input.KeyConditionExpression !== 'string') {
    throw validationError(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
  }
  const use = new PlaceholderUse();
  const keyContext = expressionContext(input, 'KeyConditionExpression');
  const key = parseCondition(input.KeyConditionExpression, keyContext);
  const partitionKey = partitionValue(key.condition, keyContext);
  use.add(key.parser);
  const filterContext = expressionContext(input, 'FilterExpression');
  let filter: Condition | undefined;
  if (typeof input.FilterExpression === 'string') {
    const parsed = parseCondition(input.FilterExpression, filterContext);
    use.add(parsed.parser);
    filter = parsed.condition;
  }
  if (typeof input.ProjectionExpression === 'string') {
    for (const n of input.ProjectionExpression.match(/#[A-Za-z0-9_]+/g) ?? [])
      use.addName(n);
  }
  use.checkAllUsed(input);
  const limit = input.Limit === undefined ? Infinity : Number(input.Limit);
  if (!(limit >= 1)) throw validationError('Limit must be at least 1');
  return {
    partitionKey,
    keyCondition: key.condition,
    keyContext,
    filter,
    filterContext,
    limit,
  };
}

/** The items of the partition that meet the key condition, by sort key, reversed when ScanIndexForward is false. */
function partitionInOrder(
  table: Table,
  parsed: ParsedQuery,
  input: Record<string, unknown>,
): Item[] {
  const partition = table.partitions.get(parsed.partitionKey);
  const sorted = [...(partition?.values() ?? [])]
    .filter(item => evaluate(parsed.keyCondition, item, parsed.keyContext))
    .sort((a, b) => (a[RANGE_KEY].S < b[RANGE_KEY].S ? -1 : 1));
  if (input.ScanIndexForward === false) sorted.reverse();
  return sorted;
}

/** Where the page starts: just past ExclusiveStartKey's sort key, in the query's direction. */
function pageStart(sorted: Item[], input: Record<string, unknown>): number {
  const start = input.ExclusiveStartKey as Item | undefined;
  if (start?.[RANGE_KEY]?.S === undefined) return 0;
  const forward = input.ScanIndexForward !== false;
  const from = sorted.findIndex(i =>
    forward
      ? i[RANGE_KEY].S > start[RANGE_KEY].S
      : i[RANGE_KEY].S < start[RANGE_KEY].S,
  );
  return from < 0 ? sorted.length : from;
}

/** The partition key value of a key condition, which must test `pk` for equality. */
function partitionValue(
  condition: Condition,
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
