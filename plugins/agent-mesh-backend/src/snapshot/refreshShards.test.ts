import { inShard, refreshShards } from './refreshShards';

describe('refresh shards', () => {
  it('names one task per shard', () => {
    expect(refreshShards(3).map(s => s.taskId)).toEqual([
      'agent-mesh:refresh-snapshots:1of3',
      'agent-mesh:refresh-snapshots:2of3',
      'agent-mesh:refresh-snapshots:3of3',
    ]);
  });

  it('puts every mesh in exactly one shard, and spreads 100 meshes over all four', () => {
    const shards = refreshShards(4);
    const refs = Array.from(
      { length: 100 },
      (_, i) => `system:default/mesh-${String(i).padStart(3, '0')}`,
    );
    const sizes = shards.map(
      shard => refs.filter(ref => inShard(ref, shard)).length,
    );
    for (const ref of refs) {
      expect(shards.filter(shard => inShard(ref, shard))).toHaveLength(1);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(15);
    }
  });

  it('keeps a single shard holding every mesh', () => {
    const [only] = refreshShards(1);
    expect(inShard('system:default/anything', only)).toBe(true);
  });
});
