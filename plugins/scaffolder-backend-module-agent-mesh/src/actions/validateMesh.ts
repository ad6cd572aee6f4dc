import { createMeshStack } from '@agent-mesh/infra-constructs';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { App } from 'aws-cdk-lib';
import { examples } from './validateMesh.examples';
import {
  CONFIG_PATH_DESCRIPTION,
  readWorkspaceMeshConfig,
} from './workspaceMeshConfig';

/**
 * `agent-mesh:mesh:validate`: checks the rendered mesh configuration by constructing the tier stack from it,
 * so the rules are exactly the constructs' own props validation. Nothing is synthesized or written.
 */
export function createValidateMeshAction() {
  return createTemplateAction({
    id: 'agent-mesh:mesh:validate',
    description:
      "Checks a mesh configuration (mesh.config.json) with the tier stack's own props validation and fails the task with the construct's error, naming every bad prop.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        configPath: z =>
          z.string().describe(CONFIG_PATH_DESCRIPTION).optional(),
      },
      output: {
        meshId: z => z.string().describe('The validated mesh id'),
        tier: z => z.string().describe('small, medium or large'),
        agents: z =>
          z.array(z.string()).describe('The agents of the mesh, core first'),
      },
    },
    async handler(ctx) {
      const config = await readWorkspaceMeshConfig(
        ctx.workspacePath,
        ctx.input.configPath,
      );
      try {
        createMeshStack(new App(), config);
      } catch (error) {
        throw new InputError(
          error instanceof Error ? error.message : String(error),
        );
      }
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
