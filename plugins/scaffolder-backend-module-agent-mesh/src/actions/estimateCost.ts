import {
  CostEstimate,
  countResourceTypes,
  DEFAULT_USAGE,
  estimateMonthlyCost,
  TIER_COST_BANDS,
  UsageAssumptions,
} from '@agent-mesh/infra-constructs';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_SYNTH_LIMITS,
  SynthLimits,
} from '../config/agentMeshScaffolderConfig';
import { synthesizeInWorker } from '../mesh/synthesisWorker';
import { examples } from './estimateCost.examples';
import { configPathInput, readActionMeshConfig } from './workspaceMeshConfig';

const usd = (value: number) => value.toFixed(2);

export { synthesizedMeshTemplate } from '../mesh/synthesizeMesh';

/** A markdown summary of an estimate for the task's output page. */
export function costMarkdown(
  estimate: CostEstimate,
  monthlyBudgetUsd: number,
): string {
  const band = TIER_COST_BANDS[estimate.tier];
  const bandText = `${band.min}-${band.max ?? `${band.min}+`}`;
  const budgetText =
    estimate.totalUsd <= monthlyBudgetUsd
      ? `within the mesh's monthly budget of ${usd(monthlyBudgetUsd)} USD`
      : `**above** the mesh's monthly budget of ${usd(
          monthlyBudgetUsd,
        )} USD (the budget alarm will fire)`;
  return [
    `**${usd(estimate.totalUsd)} USD a month** estimated baseline for this ${
      estimate.tier
    } mesh ` +
      `(${estimate.region} list prices; a ${estimate.tier} mesh's baseline usually costs ${bandText} USD a month), ${budgetText}.`,
    '',
    '| service | what | USD a month |',
    '|---|---|---:|',
    ...estimate.lineItems.map(
      item =>
        `| ${item.service} | ${item.description} | ${usd(item.monthlyUsd)} |`,
    ),
    `| **total** | | **${usd(estimate.totalUsd)}** |`,
  ].join('\n');
}

/**
 * `agent-mesh:cost:estimate`: the infra-constructs cost model for the mesh's tier and agent count, with optional
 * usage overrides, as outputs and a markdown table for the task's output page.
 */
export function createEstimateCostAction(
  options: { limits?: SynthLimits } = {},
) {
  return createTemplateAction({
    id: 'agent-mesh:cost:estimate',
    description:
      "Estimates the mesh's baseline monthly cost with the infra-constructs cost model (us-east-1 list prices) and compares it with the tier's usual cost (TIER_COST_BANDS of @agent-mesh/infra-constructs) and the mesh's budget.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...configPathInput,
        usage: z =>
          z
            .record(z.union([z.number(), z.boolean()]))
            .describe(
              'Overrides of the cost model usage assumptions, e.g. { runsPerDay: 500 } (see UsageAssumptions in @agent-mesh/infra-constructs)',
            )
            .optional(),
      },
      output: {
        totalUsd: z => z.number().describe('Estimated USD a month'),
        lineItems: z =>
          z
            .array(
              z.object({
                service: z.string(),
                description: z.string(),
                monthlyUsd: z.number(),
              }),
            )
            .describe('The estimate by service'),
        bandMinUsd: z =>
          z
            .number()
            .describe("The low end of the tier's usual monthly cost in USD"),
        bandMaxUsd: z =>
          z.number().optional().describe('Absent for large (1000+)'),
        withinBudget: z =>
          z.boolean().describe("Whether the estimate fits the mesh's budget"),
        resourceCounts: z =>
          z
            .record(z.number())
            .describe(
              'Resources by CloudFormation type in the synthesized stack (the counts the estimate uses)',
            ),
        markdown: z =>
          z.string().describe("A summary for the task's output page"),
      },
    },
    async handler(ctx) {
      const config = await readActionMeshConfig(
        ctx,
        (options.limits ?? DEFAULT_SYNTH_LIMITS).maxConfigBytes,
      );
      const known = DEFAULT_USAGE[config.tier];
      for (const [key, value] of Object.entries(ctx.input.usage ?? {})) {
        if (
          !(key in known) ||
          typeof value !== typeof known[key as keyof UsageAssumptions]
        ) {
          throw new InputError(
            `usage.${key} is not a ${typeof value} assumption of the cost model; use one of ${Object.keys(
              known,
            ).join(', ')}`,
          );
        }
      }
      const usage: Partial<UsageAssumptions> = {
        agents: config.agents.length,
        ...(ctx.input.usage as Partial<UsageAssumptions> | undefined),
      };
      // Alarms, secrets, NAT gateways, endpoints and database instances are counted in the synthesized stack,
      // synthesized in a worker thread with the limits of agentMeshScaffolder.synth.
      const outdir = await ctx.createTemporaryDirectory();
      const template = await synthesizeInWorker('template', config, outdir, {
        limits: options.limits,
        signal: ctx.signal,
      });
      const estimate = estimateMonthlyCost(config.tier, usage, template);
      const band = TIER_COST_BANDS[config.tier];
      ctx.logger.info(
        `Estimated ${usd(estimate.totalUsd)} USD a month for the ${
          config.tier
        } mesh ${config.meshId}`,
      );
      ctx.output('totalUsd', estimate.totalUsd);
      ctx.output(
        'lineItems',
        estimate.lineItems.map(item => ({ ...item })),
      );
      ctx.output('bandMinUsd', band.min);
      if (band.max !== undefined) {
        ctx.output('bandMaxUsd', band.max);
      }
      ctx.output('resourceCounts', countResourceTypes(template));
      ctx.output('withinBudget', estimate.totalUsd <= config.monthlyBudgetUsd);
      ctx.output('markdown', costMarkdown(estimate, config.monthlyBudgetUsd));
    },
  });
}
