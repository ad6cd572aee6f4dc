import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * The years the expiry tables cover: a run started outside them fails in `IndexRunStart` with `States.Runtime`.
 *
 * @public
 */
export const RUN_EXPIRY_YEARS = { first: 2020, last: 2219 } as const;

/** Where the states below keep their work, and in the end `{ expiresAt }`, in the run's state. */
export const RUN_EXPIRY_PATH = '$.runExpiry';

/** The state names of the expiry computation, in the order they run. @public */
export const RUN_EXPIRY_STATES = {
  read: 'ReadRunStart',
  index: 'IndexRunStart',
  lookUp: 'LookUpRunStart',
  compute: 'ComputeRunExpiry',
} as const;

/**
 * The tables are in hectoseconds (100 s): every day and hour offset is a whole number of them, so the sum stays
 * small enough for `States.MathAdd` (32-bit integers, which epoch seconds outgrow in 2038) and becomes epoch
 * seconds by appending "00" to its digits.
 */
const HECTO = 100;
const DAY = 86_400 / HECTO;
const DAYS_BEFORE_MONTH = [
  0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
];

function expiryTables() {
  const years = Array.from(
    { length: RUN_EXPIRY_YEARS.last - RUN_EXPIRY_YEARS.first + 1 },
    (_, i) => RUN_EXPIRY_YEARS.first + i,
  );
  const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return {
    yearStart: years.map(y => Date.UTC(y, 0, 1) / 1000 / HECTO),
    leap: years.map(y => (isLeap(y) ? 1 : 0)),
    monthOffset: [0, 1].map(leap =>
      DAYS_BEFORE_MONTH.map(
        (days, m) => (days + (leap && m >= 2 ? 1 : 0)) * DAY,
      ),
    ),
    day: Array.from({ length: 31 }, (_, d) => d * DAY),
    hour: Array.from({ length: 24 }, (_, h) => (h * 3600) / HECTO),
    // Seconds are not read: each minute counts as its end, rounded up, so the item never expires early.
    minute: Array.from({ length: 60 }, (_, m) =>
      Math.ceil((m * 60 + 60) / HECTO),
    ),
  };
}

const at = (field: string) => `${RUN_EXPIRY_PATH}.${field}`;
/** The number in the zero-padded part `index` of `array` ("08" → 8): JSON refuses leading zeros, so "1" is put in front. */
const paddedNumber = (array: string, index: number, minus: number) =>
  `States.MathAdd(States.StringToJson(States.Format('1{}', States.ArrayGetItem(${at(
    array,
  )}, ${index}))), ${-minus})`;
const lookUp = (table: string, index: string) =>
  `States.ArrayGetItem(${at(`tables.${table}`)}, ${at(index)})`;

/**
 * The states that compute when the run's KV items expire: `$$.Execution.StartTime` plus `retention`, as epoch
 * seconds in `$.runExpiry.expiresAt` (a string, for a DynamoDB `N`). JSONPath intrinsics parse no dates and
 * multiply nothing, so the start time is split into its fields and each field is looked up in a table made at
 * synth time (see `RUN_EXPIRY_YEARS`). The result is never earlier than start + retention and at most 160 s
 * later (seconds are rounded up to the minute, minutes to 100 s). JSONata's `$toMillis` would do it in one
 * expression, but the local runner the emulator and tests use (aws-local-stepfunctions) has no JSONata.
 *
 * @returns the first and the last state; chain the last one to the state that writes the first run item
 */
export function runExpiryStates(
  scope: Construct,
  retention: Duration,
): { start: sfn.Pass; end: sfn.Pass } {
  if (retention.toSeconds() % HECTO !== 0 || retention.toSeconds() <= 0) {
    throw new Error(
      `The run item retention must be a positive multiple of ${HECTO} seconds (got ${retention.toSeconds()} s)`,
    );
  }
  const startTime = '$$.Execution.StartTime';
  const read = new sfn.Pass(scope, RUN_EXPIRY_STATES.read, {
    comment: 'Splits the run start time into date and time fields',
    parameters: {
      'date.$': `States.StringSplit(States.ArrayGetItem(States.StringSplit(${startTime}, 'T'), 0), '-')`,
      'time.$': `States.StringSplit(States.ArrayGetItem(States.StringSplit(${startTime}, 'T'), 1), ':')`,
    },
    resultPath: RUN_EXPIRY_PATH,
  });
  const index = new sfn.Pass(scope, RUN_EXPIRY_STATES.index, {
    comment: 'Turns the fields into indexes of the expiry tables',
    parameters: {
      'year.$': `States.MathAdd(States.StringToJson(States.ArrayGetItem(${at(
        'date',
      )}, 0)), ${-RUN_EXPIRY_YEARS.first})`,
      'month.$': paddedNumber('date', 1, 101),
      'day.$': paddedNumber('date', 2, 101),
      'hour.$': paddedNumber('time', 0, 100),
      'minute.$': paddedNumber('time', 1, 100),
      tables: expiryTables(),
    },
    resultPath: RUN_EXPIRY_PATH,
  });
  const lookUpState = new sfn.Pass(scope, RUN_EXPIRY_STATES.lookUp, {
    comment: 'Looks up each field in hectoseconds since the epoch',
    parameters: {
      'year.$': lookUp('yearStart', 'year'),
      'month.$': `States.ArrayGetItem(States.ArrayGetItem(${at(
        'tables.monthOffset',
      )}, ${lookUp('leap', 'year')}), ${at('month')})`,
      'day.$': lookUp('day', 'day'),
      'hour.$': lookUp('hour', 'hour'),
      'minute.$': lookUp('minute', 'minute'),
    },
    resultPath: RUN_EXPIRY_PATH,
  });
  const compute = new sfn.Pass(scope, RUN_EXPIRY_STATES.compute, {
    comment: `Adds the fields and the retention (${retention.toHumanString()}) into epoch seconds`,
    parameters: {
      'expiresAt.$': `States.Format('{}00', States.MathAdd(States.MathAdd(States.MathAdd(${at(
        'year',
      )}, ${at('month')}), States.MathAdd(${at('day')}, ${at(
        'hour',
      )})), States.MathAdd(${at('minute')}, ${
        retention.toSeconds() / HECTO
      })))`,
    },
    resultPath: RUN_EXPIRY_PATH,
  });
  read.next(index).next(lookUpState).next(compute);
  return { start: read, end: compute };
}
