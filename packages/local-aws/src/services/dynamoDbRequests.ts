/** What every DynamoDB operation reads from its request: the table, the key, the expressions' placeholders. */
import { AttributeValue, clone, Item } from '../dynamodb/attributeValues';
import {
  evaluate,
  ExpressionContext,
  parseCondition,
} from '../dynamodb/expressions';
import { HASH_KEY, RANGE_KEY, Table, TableStore } from '../dynamodb/tableStore';
import { AwsServiceError, validationError } from '../server/awsServiceError';
import { RequestContext } from '../server/requestContext';

const NS = 'com.amazonaws.dynamodb.v20120810#';

export function dynamoDbError(code: string, message: string): AwsServiceError {
  return new AwsServiceError(`${NS}${code}`, message);
}

export function tableOf(
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
    throw dynamoDbError(
      'ResourceNotFoundException',
      'Requested resource not found',
    );
  return table;
}

/** The `pk`/`sk` of a request's Key (exactly those two) or Item (at least those two). */
export function keyOf(
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

export function expressionContext(
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

/**
 * The placeholders a request's expressions used. DynamoDB refuses a request that defines an
 * ExpressionAttributeValues or ExpressionAttributeNames entry no expression uses, so every operation checks.
 */
export class PlaceholderUse {
  private readonly values = new Set<string>();
  private readonly names = new Set<string>();

  add(parser: { usedValues: Set<string>; usedNames: Set<string> }): void {
    parser.usedValues.forEach(v => this.values.add(v));
    parser.usedNames.forEach(n => this.names.add(n));
  }

  addName(name: string): void {
    this.names.add(name);
  }

  /** Throws the ValidationException DynamoDB answers for the first kind of unused placeholder. */
  checkAllUsed(input: Record<string, unknown>): void {
    unused('ExpressionAttributeValues', input, this.values);
    unused('ExpressionAttributeNames', input, this.names);
  }
}

function unused(
  parameter: 'ExpressionAttributeValues' | 'ExpressionAttributeNames',
  input: Record<string, unknown>,
  used: Set<string>,
): void {
  const defined = Object.keys((input[parameter] as object) ?? {});
  const left = defined.filter(k => !used.has(k));
  if (left.length > 0) {
    throw validationError(
      `Value provided in ${parameter} unused in expressions: keys: {${left.join(
        ', ',
      )}}`,
    );
  }
}

/** Checks a write's ConditionExpression against the current item; throws ConditionalCheckFailedException. */
export function checkCondition(
  input: Record<string, unknown>,
  current: Item | undefined,
  use: PlaceholderUse,
): void {
  if (typeof input.ConditionExpression !== 'string') return;
  const context = expressionContext(input, 'ConditionExpression');
  const { condition, parser } = parseCondition(
    input.ConditionExpression,
    context,
  );
  use.add(parser);
  if (!evaluate(condition, current, context)) {
    const failure = dynamoDbError(
      'ConditionalCheckFailedException',
      'The conditional request failed',
    );
    if (input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && current) {
      failure.details.Item = clone(current);
    }
    throw failure;
  }
}

/** A copy of the item, limited to the ProjectionExpression's attributes when there is one. */
export function project(item: Item, input: Record<string, unknown>): Item {
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

/** The attributes of an item named in `names`, copied (UpdateItem's UPDATED_NEW and UPDATED_OLD). */
export function pick(item: Item, names: string[]): Item {
  return Object.fromEntries(
    names.filter(n => item[n]).map(n => [n, clone(item[n])]),
  );
}

/** The table's own key of an item, e.g. for LastEvaluatedKey. */
export function primaryKeyOf(item: Item): Item {
  return pick(item, [HASH_KEY, RANGE_KEY]);
}
