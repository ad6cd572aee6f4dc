import { TIERS } from '@agent-mesh/mesh-model';
import {
  definitionOf,
  StateMachineDefinition,
} from '../testing/definitions';
import { evaluateParameters } from '../testing/intrinsics';
import { EXAMPLE_PROPS, synthTier } from '../testing/synth';
import { RUN_EXPIRY_STATES, RUN_EXPIRY_YEARS } from './run-expiry';
import { RUN_ITEMS } from './run-items';
import { CONDUCTOR_STATES as S } from './state-names';

type Definition = StateMachineDefinition;

function conductorOf(tier: (typeof TIERS)[number]): Definition {
  const { stack, template } = synthTier(tier, EXAMPLE_PROPS[tier]);
  return definitionOf(
    stack,
    template,
    `agent-mesh-${EXAMPLE_PROPS[tier].meshId}-orchestration`,
  );
}

/** The states reachable from StartAt, never passing through `without`. */
function reachable(definition: Definition, without: string): Set<string> {
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name) || name === without) continue;
    seen.add(name);
    const state = definition.States[name];
    queue.push(
      ...[
        state.Next,
        state.Default,
        ...(state.Choices ?? []).map((c: any) => c.Next),
        ...(state.Catch ?? []).map((c: any) => c.Next),
      ].filter(Boolean),
    );
  }
  return seen;
}

/** Runs the expiry states on a run started at `startTime` and returns `expiresAt`. */
function expiresAtFor(definition: Definition, startTime: string): string {
  const context = { Execution: { StartTime: startTime } };
  let input: Record<string, unknown> = { agent: 'critic', lane: 'read_only' };
  for (const name of Object.values(RUN_EXPIRY_STATES)) {
    const state = definition.States[name];
    expect(state).toMatchObject({ Type: 'Pass', ResultPath: '$.runExpiry' });
    input = {
      ...input,
      runExpiry: evaluateParameters(state.Parameters, input, context),
    };
  }
  return (input.runExpiry as { expiresAt: string }).expiresAt;
}

const RETENTION_SECONDS = RUN_ITEMS.retentionDays * 86_400;

describe.each(TIERS)('run items of the %s tier', tier => {
  // GIVEN the tier's synthesized conductor workflow and KV table
  const definition = conductorOf(tier);
  const { template } = synthTier(tier, EXAMPLE_PROPS[tier]);

  it('are kept in a table whose TTL attribute is the one every run item sets', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: {
        AttributeName: RUN_ITEMS.expiresAtAttribute,
        Enabled: true,
      },
    });
  });

  it('are each written with expiresAt, computed before the first of them', () => {
    // THEN every state writing a run# item sets expiresAt from the computed expiry, as a number
    const writes = Object.entries(definition.States).filter(([, state]) =>
      JSON.stringify(
        state.Parameters?.Item?.pk ?? state.Parameters?.Key?.pk ?? '',
      ).includes('run#'),
    );
    expect(writes.map(([name]) => name).sort()).toEqual(
      [S.storePlan, S.storeReview, S.storeRunTask].sort(),
    );
    for (const [name, state] of writes) {
      expect({ name, item: state.Parameters.Item }).toEqual({
        name,
        item: expect.objectContaining({
          [RUN_ITEMS.expiresAtAttribute]: { 'N.$': '$.runExpiry.expiresAt' },
        }),
      });
    }
    // AND no write is reachable without passing through the computation
    const withoutExpiry = reachable(definition, RUN_EXPIRY_STATES.compute);
    for (const [name] of writes) {
      expect(withoutExpiry.has(name)).toBe(false);
      expect(reachable(definition, '').has(name)).toBe(true);
    }
  });
});

describe('the run expiry computed by the workflow', () => {
  const definition = conductorOf('small');

  it.each([
    '2026-12-02T15:08:47.123Z',
    '2026-01-01T00:00:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '2028-02-29T12:00:00.000Z', // a leap day
    '2028-03-01T00:00:00Z', // Step Functions leaves out a zero millisecond part
    '2038-01-19T03:14:08.000Z', // epoch seconds outgrow 32 bits, which States.MathAdd takes
    '2100-03-01T06:30:30.500Z', // 2100 is not a leap year
    `${RUN_EXPIRY_YEARS.last}-12-31T23:59:59.999Z`,
  ])(
    'is the retention after a run started at %s, never earlier and at most 160 s later',
    startTime => {
      // WHEN the expiry states run on a run started then
      const expiresAt = expiresAtFor(definition, startTime);
      // THEN expiresAt is epoch seconds, start + retention rounded up by less than 160 s
      expect(expiresAt).toMatch(/^\d+$/);
      const lateBy =
        Number(expiresAt) - (Date.parse(startTime) / 1000 + RETENTION_SECONDS);
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(160);
    },
  );

  it('holds for any start time inside the covered years', () => {
    // GIVEN 2,000 start times spread over the covered years (a fixed pseudo-random sequence)
    const first = Date.UTC(RUN_EXPIRY_YEARS.first, 0, 1);
    const span = Date.UTC(RUN_EXPIRY_YEARS.last + 1, 0, 1) - first;
    let seed = 42;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const start = new Date(first + Math.floor((seed / 2 ** 31) * span));
      // WHEN / THEN
      const lateBy =
        Number(expiresAtFor(definition, start.toISOString())) -
        (start.getTime() / 1000 + RETENTION_SECONDS);
      expect({ start, ok: lateBy >= 0 && lateBy < 160 }).toEqual({
        start,
        ok: true,
      });
    }
  });

  it('covers the years it says, and no later', () => {
    expect(() =>
      expiresAtFor(definition, `${RUN_EXPIRY_YEARS.last + 1}-01-01T00:00:00Z`),
    ).toThrow(/out of range/);
  });
});
