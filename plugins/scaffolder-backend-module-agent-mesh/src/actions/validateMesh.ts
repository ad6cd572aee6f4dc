import { createMeshStack } from '@agent-mesh/infra-constructs';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { App } from 'aws-cdk-lib';
import {
  DEFAULT_SYNTH_LIMITS,
  SynthLimits,
} from '../config/agentMeshScaffolderConfig';
import { withInputError } from '../mesh/inputError';
import { checkSynthesisInput } from '../mesh/synthesisWorker';
import { examples } from './validateMesh.examples';
import { configPathInput, readActionMeshConfig } from './workspaceMeshConfig';

/**
 * `agent-mesh:mesh:validate`: checks the rendered mesh configuration by constructing the tier stack from it,
 * so the rules are exactly the constructs' own props validation. Nothing is synthesized or written. A
 * configuration above the input limits of `agentMeshScaffolder.synth` is refused before any construct is built.
 */
export function createValidateMeshAction(
  options: { limits?: SynthLimits } = {},
) {
  return createTemplateAction({
    id: 'agent-mesh:mesh:validate',
    description:
      "Checks a mesh configuration (mesh.config.json) with the tier stack's own props validation and fails the task with the construct's error, naming every bad prop.",
    examples,
    supportsDryRun: true,
    schema: {
      input: configPathInput,
      output: {
        meshId: z => z.string().describe('The validated mesh id'),
        tier: z => z.string().describe('small, medium or large'),
        agents: z =>
          z.array(z.string()).describe('The agents of the mesh, core first'),
      },
    },
    async handler(ctx) {
      const config = await readActionMeshConfig(
        ctx,
        (options.limits ?? DEFAULT_SYNTH_LIMITS).maxConfigBytes,
      );
      checkSynthesisInput(config, options.limits ?? DEFAULT_SYNTH_LIMITS);
      withInputError(() => createMeshStack(new App(), config));
      ctx.logger.info(
        `${config.meshId} is a valid ${
          config.tier
        } mesh with agents ${config.agents.join(', ')}`,
      );
      ctx.output('meshId', config.meshId);
      ctx.output('tier', config.tier);
      ctx.output('agents', config.agents);
    },
  });
}
