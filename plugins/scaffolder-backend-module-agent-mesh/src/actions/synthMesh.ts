import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_SYNTH_LIMITS,
  SynthLimits,
} from '../config/agentMeshScaffolderConfig';
import { MeshSynthesis } from '../mesh/synthesizeMesh';
import { synthesizeInWorker } from '../mesh/synthesisWorker';
import { examples } from './synthMesh.examples';
import { configPathInput, readActionMeshConfig } from './workspaceMeshConfig';

/** A markdown summary of a synthesis for the task's output page. */
export function synthesisMarkdown(result: MeshSynthesis): string {
  const { nag } = result;
  const lines = [
    `**${result.stackName}**: ${result.resourceCount} CloudFormation resources. ` +
      `cdk-nag AwsSolutions: ${nag.errors} unacknowledged errors, ${nag.warnings} warnings, ` +
      `${nag.acknowledged} findings acknowledged with a reason.`,
    '',
    '| resource type | count |',
    '|---|---:|',
    ...Object.entries(result.resourceCounts).map(
      ([type, count]) => `| ${type} | ${count} |`,
    ),
  ];
  if (nag.findings.length > 0) {
    lines.push(
      '',
      '| cdk-nag rule | severity | constructs |',
      '|---|---|---|',
      ...nag.findings.map(
        f => `| ${f.rule} | ${f.severity} | ${f.constructs.join('<br>')} |`,
      ),
    );
  }
  return lines.join('\n');
}

/**
 * `agent-mesh:cdk:synth`: synthesizes the mesh's tier stack with cdk-nag in a worker thread (with the time,
 * memory and size limits of `agentMeshScaffolder.synth`), into a temporary folder (nothing is added to the
 * workspace). Bad props fail the task with the construct's own error; unacknowledged cdk-nag errors fail it
 * after the findings are output.
 */
export function createSynthMeshAction(
  options: {
    limits?: SynthLimits;
    /** Tests only: a module whose `extendStack(stack)` export the worker applies before synthesis. */
    extendStackModule?: string;
  } = {},
) {
  return createTemplateAction({
    id: 'agent-mesh:cdk:synth',
    description:
      'Synthesizes the mesh (mesh.config.json) with its tier stack and cdk-nag AwsSolutions in a worker thread with a time and size limit; outputs resource counts and cdk-nag results, and fails on bad props or unacknowledged nag errors.',
    examples,
    supportsDryRun: true,
    schema: {
      input: configPathInput,
      output: {
        stackName: z => z.string().describe('The synthesized stack'),
        resourceCount: z =>
          z.number().describe('CloudFormation resources in the template'),
        resourceCounts: z =>
          z
            .record(z.number())
            .describe('Resource count by CloudFormation type'),
        nagErrors: z =>
          z.number().describe('Unacknowledged cdk-nag AwsSolutions errors'),
        nagWarnings: z => z.number().describe('cdk-nag AwsSolutions warnings'),
        nagAcknowledged: z =>
          z.number().describe('cdk-nag findings acknowledged with a reason'),
        nagFindings: z =>
          z
            .array(
              z.object({
                rule: z.string(),
                severity: z.string(),
                constructs: z.array(z.string()),
              }),
            )
            .describe('Unacknowledged findings by rule'),
        markdown: z =>
          z.string().describe("A summary for the task's output page"),
      },
    },
    async handler(ctx) {
      const config = await readActionMeshConfig(
        ctx,
        (options.limits ?? DEFAULT_SYNTH_LIMITS).maxConfigBytes,
      );
      const outdir = await ctx.createTemporaryDirectory();
      const started = Date.now();
      // The tier stack's props validation fails this with an InputError whose message names every bad prop.
      const result = await synthesizeInWorker('nag', config, outdir, {
        limits: options.limits,
        signal: ctx.signal,
        extendStackModule: options.extendStackModule,
      });
      ctx.logger.info(
        `Synthesized ${result.stackName} in ${Date.now() - started} ms: ${
          result.resourceCount
        } resources, ` +
          `cdk-nag ${result.nag.errors} errors / ${result.nag.warnings} warnings / ${result.nag.acknowledged} acknowledged`,
      );
      ctx.output('stackName', result.stackName);
      ctx.output('resourceCount', result.resourceCount);
      ctx.output('resourceCounts', result.resourceCounts);
      ctx.output('nagErrors', result.nag.errors);
      ctx.output('nagWarnings', result.nag.warnings);
      ctx.output('nagAcknowledged', result.nag.acknowledged);
      ctx.output('nagFindings', result.nag.findings);
      ctx.output('markdown', synthesisMarkdown(result));
      if (result.failure) {
        throw new InputError(
          `Synthesis of ${result.stackName} failed: ${result.failure}`,
        );
      }
    },
  });
}
