import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  MESH_CONFIG_FILE,
  MeshConfig,
  readMeshConfig,
} from '../mesh/meshConfig';

/** Description of the `configPath` input every mesh action takes. */
export const CONFIG_PATH_DESCRIPTION = `Path of the mesh configuration inside the workspace, as rendered by fetch:template. Default: ${MESH_CONFIG_FILE}`;

/** Reads the mesh configuration from the task workspace; the path may not leave the workspace. */
export async function readWorkspaceMeshConfig(
  workspacePath: string,
  configPath: string | undefined,
): Promise<MeshConfig> {
  const relative = configPath ?? MESH_CONFIG_FILE;
  const file = resolveSafeChildPath(workspacePath, relative);
  return readMeshConfig(file, relative);
}
