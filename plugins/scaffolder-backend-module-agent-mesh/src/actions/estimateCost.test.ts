import {
  DEFAULT_USAGE,
  estimateMonthlyCost,
  parseMeshConfig,
  UsageAssumptions,
} from '@agent-mesh/infra-constructs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { meshConfigJson } from '../__testUtils__/meshConfigFixtures';
import {
  createEstimateCostAction,
  synthesizedMeshTemplate,
} from './estimateCost';

// Each estimate synthesizes in a fresh worker thread, which loads the CDK again.
jest.setTimeout(60_000);

/** The cost model's estimate of `config`, counting resources in its synthesized stack as the action does. */
function expectedEstimate(config: string, usage: Partial<UsageAssumptions>) {
  const parsed = parseMeshConfig(JSON.parse(config));
  const template = synthesizedMeshTemplate(
    parsed,
    fs.mkdtempSync(path.join(os.tmpdir(), 'estimate-')),
  );
  return estimateMonthlyCost(parsed.tier, usage, template);
}

describe('agent-mesh:cost:estimate', () => {
  const workspace = createMockDirectory();
  const action = createEstimateCostAction();

  async function run(config: string, input: Record<string, unknown> = {}) {
    workspace.setContent({ 'mesh.config.json': config });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input as any,
    });
    await action.handler(ctx as any);
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it.each(['small', 'medium', 'large'] as const)(
    "outputs the cost model's estimate for a %s mesh and its agents",
    async tier => {
      const config = meshConfigJson(tier, { monthlyBudgetUsd: 5000 });
      const out = await run(config);
      const expected = expectedEstimate(config, { agents: 4 });
      expect(out.totalUsd).toBe(expected.totalUsd);
      expect(out.lineItems).toEqual(expected.lineItems);
      expect(out.withinBudget).toBe(true);
      // the counts come from the synthesized stack
      expect(expected.assumptions.alarms).toBe(
        out.resourceCounts['AWS::CloudWatch::Alarm'],
      );
      expect(out.markdown).toContain(
        `**${expected.totalUsd.toFixed(2)} USD a month**`,
      );
    },
  );

  it("states the tier's usual cost band and says when the estimate is over the budget", async () => {
    const out = await run(meshConfigJson('medium', { monthlyBudgetUsd: 50 }));
    expect(out.bandMinUsd).toBe(100);
    expect(out.bandMaxUsd).toBe(500);
    expect(out.withinBudget).toBe(false);
    expect(out.markdown).toContain(
      "**above** the mesh's monthly budget of 50.00 USD",
    );
    const large = await run(meshConfigJson('large'));
    expect(large.bandMinUsd).toBe(500);
    expect(large.bandMaxUsd).toBeUndefined();
  });

  it('applies usage overrides', async () => {
    const out = await run(meshConfigJson('small'), {
      usage: { runsPerDay: 500 },
    });
    expect(out.totalUsd).toBe(
      expectedEstimate(meshConfigJson('small'), { agents: 4, runsPerDay: 500 })
        .totalUsd,
    );
    expect(out.totalUsd).toBeGreaterThan(
      expectedEstimate(meshConfigJson('small'), { agents: 4 }).totalUsd,
    );
  });

  it('refuses an override the cost model does not know', async () => {
    await expect(
      run(meshConfigJson('small'), { usage: { runsPerHour: 5 } }),
    ).rejects.toThrow(
      `usage.runsPerHour is not a number assumption of the cost model; use one of ${Object.keys(
        DEFAULT_USAGE.small,
      ).join(', ')}`,
    );
    await expect(
      run(meshConfigJson('small'), { usage: { runsPerDay: true } }),
    ).rejects.toThrow(/usage.runsPerDay is not a boolean assumption/);
  });
});
