import { demoMeshes, TEST_NOW } from '../__testUtils__/testAws';
import { DefinitionCache } from './definitions';
import { World } from './world';

describe('seeded history', () => {
  const definitions = new DefinitionCache();
  const meshes = demoMeshes();
  const build = (seed: string) =>
    new World(
      { seed, now: TEST_NOW, meshes, historyDays: 10, liveRuns: false },
      definitions,
    );

  function fingerprint(world: World) {
    const mesh = world.meshes.get('research-prod')!;
    const executions = mesh.orchestration.machine.executions.map(
      e => `${e.name}|${e.status}|${e.startMs}|${e.stopMs}|${e.error ?? ''}`,
    );
    let cost = 0;
    for (const line of world.costs.lines(
      0,
      Number.MAX_SAFE_INTEGER / 86_400_000,
    ))
      cost += line.amount;
    return {
      executions,
      cost: cost.toFixed(6),
      alarms: world.alarms
        .list('us-west-2', TEST_NOW)
        .map(a => `${a.definition.name}:${a.state}:${a.transitions.length}`),
    };
  }

  it('is the same for the same seed and different for another', () => {
    const a = build('one');
    const b = build('one');
    const c = build('two');
    try {
      const fa = fingerprint(a);
      expect(fa.executions.length).toBeGreaterThan(3000);
      expect(fingerprint(b)).toEqual(fa);
      expect(fingerprint(c).executions).not.toEqual(fa.executions);
    } finally {
      [a, b, c].forEach(w => w.close());
    }
  });

  it('keeps runs, lanes and failures consistent with the behaviour model', () => {
    const world = build('consistency');
    try {
      const mesh = world.meshes.get('research-prod')!;
      const runs = mesh.orchestration.machine.executions;
      const byAgent = new Map<string, { runs: number; failed: number }>();
      for (const run of runs) {
        const [agent, lane] = run.name.split('--');
        if (lane !== 'read_only') continue;
        const stats = byAgent.get(agent) ?? { runs: 0, failed: 0 };
        stats.runs++;
        if (run.error === 'AgentMesh.RunFailed') stats.failed++;
        byAgent.set(agent, stats);
      }
      expect(runs.every(r => r.stopMs! < TEST_NOW)).toBe(true);
      const rate = (agent: string) =>
        byAgent.get(agent)!.failed / byAgent.get(agent)!.runs;
      // In the same lane, the flaky agent (the last specialist in the catalog) fails clearly more than another.
      expect(mesh.model.flakyAgent).toBe('cloudfront-expert');
      expect(rate('cloudfront-expert')).toBeGreaterThan(
        1.5 * rate('lambda-expert'),
      );
      // Every run is named for the lane its agent held when it started; lanes only ever went up one step.
      const lanes = new Set(
        runs
          .filter(r => r.name.startsWith('conductor--'))
          .map(r => r.name.split('--')[1]),
      );
      expect([...lanes].sort()).toEqual(['dry_run', 'execute']);
    } finally {
      world.close();
    }
  });
});
