import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  MESH_CONFIG_FILE,
  MeshConfig,
  readMeshConfig,
} from '../mesh/meshConfig';

export type { MeshConfig };

/** The zod the scaffolder hands to action schemas (its own, so this module needs no zod dependency). */
type ScaffolderZod = Parameters<
  Extract<
    NonNullable<
      NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input']
    >,
    (z: never) => unknown
  >
>[0];

/** The `configPath` input every mesh action takes. */
export const configPathInput = {
  configPath: (z: ScaffolderZod) =>
    z
      .string()
      .describe(
        `Path of the mesh configuration inside the workspace, as rendered by fetch:template. Default: ${MESH_CONFIG_FILE}`,
      )
      .optional(),
};

/**
 * Reads the mesh configuration from the task workspace; the path may not leave the workspace.
 *
 * @public
 */
export async function readWorkspaceMeshConfig(
  workspacePath: string,
  configPath: string | undefined,
  maxBytes?: number,
): Promise<MeshConfig> {
  const relative = configPath ?? MESH_CONFIG_FILE;
  const file = resolveSafeChildPath(workspacePath, relative);
  return readMeshConfig(file, relative, maxBytes);
}

/**
 * The mesh configuration a mesh action's `configPath` input names (by default `mesh.config.json`); a file larger
 * than `maxBytes` is refused unread.
 */
export function readActionMeshConfig(
  ctx: {
    workspacePath: string;
    input: { configPath?: string };
  },
  maxBytes?: number,
): Promise<MeshConfig> {
  return readWorkspaceMeshConfig(
    ctx.workspacePath,
    ctx.input.configPath,
    maxBytes,
  );
}
