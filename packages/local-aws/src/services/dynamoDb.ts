import { clone, Item } from '../dynamodb/attributeValues';
import { applyUpdate } from '../dynamodb/expressions';
import { HASH_KEY, RANGE_KEY, TableStore } from '../dynamodb/tableStore';
import { validationError } from '../server/awsServiceError';
import { OperationTable } from '../server/awsJsonServer';
import { RequestContext } from '../server/requestContext';
import { batchGetItem } from './dynamoDbBatchGet';
import { query } from './dynamoDbQuery';
import {
  checkCondition,
  expressionContext,
  keyOf,
  pick,
  PlaceholderUse,
  project,
  tableOf,
} from './dynamoDbRequests';
import { epochSeconds } from './paging';

const TARGET = 'DynamoDB_20120810';

type Input = Record<string, unknown>;
type Operation = (
  tables: TableStore,
  input: Input,
  context: RequestContext,
) => Record<string, unknown>;

/** The DynamoDB item operations (AWS JSON 1.0, `DynamoDB_20120810.*`) on tables keyed `pk`/`sk`. */
export function dynamoDbOperations(deps: {
  tables: TableStore;
}): OperationTable {
  const operations: Record<string, Operation> = {
    GetItem: getItem,
    BatchGetItem: batchGetItem,
    PutItem: putItem,
    UpdateItem: updateItem,
    DeleteItem: deleteItem,
    Query: query,
    DescribeTable: describeTable,
    ListTables: listTables,
  };
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      `${TARGET}.${name}`,
      async (input: Input, context: RequestContext) =>
        operation(deps.tables, input, context),
    ]),
  );
}

function getItem(tables: TableStore, input: Input, context: RequestContext) {
  const table = tableOf(tables, input, context);
  const { pk, sk } = keyOf(input, 'Key');
  const item = TableStore.read(table, pk, sk);
  return item ? { Item: project(item, input) } : {};
}

function putItem(tables: TableStore, input: Input, context: RequestContext) {
  const table = tableOf(tables, input, context);
  const { pk, sk } = keyOf(input, 'Item');
  const current = checkedWrite(input, TableStore.read(table, pk, sk));
  TableStore.write(table, clone(input.Item as Item));
  return oldAttributes(input, current);
}

function deleteItem(tables: TableStore, input: Input, context: RequestContext) {
  const table = tableOf(tables, input, context);
  const { pk, sk } = keyOf(input, 'Key');
  const current = checkedWrite(input, TableStore.read(table, pk, sk));
  TableStore.remove(table, pk, sk);
  return oldAttributes(input, current);
}

/** A PutItem or DeleteItem may go ahead: its condition holds and it defines no unused placeholder. */
function checkedWrite(input: Input, current: Item | undefined) {
  const use = new PlaceholderUse();
  checkCondition(input, current, use);
  use.checkAllUsed(input);
  return current;
}

function oldAttributes(input: Input, current: Item | undefined) {
  return input.ReturnValues === 'ALL_OLD' && current
    ? { Attributes: current }
    : {};
}

/**
 * UpdateItem with an UpdateExpression (the older AttributeUpdates is refused); without either, it only
 * creates the item when missing. It answers the attributes ReturnValues asks for.
 */
function updateItem(tables: TableStore, input: Input, context: RequestContext) {
  const table = tableOf(tables, input, context);
  const { pk, sk, key } = keyOf(input, 'Key');
  const current = TableStore.read(table, pk, sk);
  const use = new PlaceholderUse();
  checkCondition(input, current, use);
  if (typeof input.UpdateExpression !== 'string') {
    if (input.AttributeUpdates)
      throw validationError(
        'AttributeUpdates is not served by local-aws; use UpdateExpression',
      );
    use.checkAllUsed(input);
    if (!current) TableStore.write(table, key);
    return {};
  }
  const { updated, parser, changed } = applyUpdate(
    input.UpdateExpression,
    current,
    key,
    expressionContext(input, 'UpdateExpression'),
  );
  use.add(parser);
  use.checkAllUsed(input);
  TableStore.write(table, updated);
  return updateReturnValues(input.ReturnValues, current, updated, changed);
}

function updateReturnValues(
  returnValues: unknown,
  current: Item | undefined,
  updated: Item,
  changed: string[],
) {
  switch (returnValues) {
    case 'ALL_NEW':
      return { Attributes: clone(updated) };
    case 'ALL_OLD':
      return current ? { Attributes: clone(current) } : {};
    case 'UPDATED_NEW':
      return { Attributes: pick(updated, changed) };
    case 'UPDATED_OLD':
      return current ? { Attributes: pick(current, changed) } : {};
    default:
      return {};
  }
}

function describeTable(
  tables: TableStore,
  input: Input,
  context: RequestContext,
) {
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
}

function listTables(tables: TableStore, input: Input, context: RequestContext) {
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
}
