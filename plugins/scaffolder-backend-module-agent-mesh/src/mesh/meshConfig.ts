import {
  MESH_CONFIG_FILE,
  MeshConfig,
  parseMeshConfig as parseLibraryMeshConfig,
} from '@agent-mesh/infra-constructs';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import { withInputError } from './inputError';

export { MESH_CONFIG_FILE };
export type { MeshConfig };

/**
 * Checks a parsed `mesh.config.json` with the construct library's rules (the same the generated repository's CDK
 * app applies). Throws an `InputError` listing every problem.
 */
export function parseMeshConfig(
  data: unknown,
  source = MESH_CONFIG_FILE,
): MeshConfig {
  return withInputError(() => parseLibraryMeshConfig(data, source));
}

/**
 * Reads and parses a `mesh.config.json`; `displayPath` is how errors name the file. With `maxBytes`, a larger
 * file is refused before it is read (`agentMeshScaffolder.synth.maxConfigBytes`).
 */
export async function readMeshConfig(
  file: string,
  displayPath: string,
  maxBytes?: number,
): Promise<MeshConfig> {
  let text: string;
  try {
    if (maxBytes !== undefined) {
      const { size } = await fs.stat(file);
      if (size > maxBytes) {
        throw new InputError(
          `${displayPath} is ${size} bytes, more than the ${maxBytes} agentMeshScaffolder.synth.maxConfigBytes allows`,
        );
      }
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `Cannot read ${displayPath}; render the skeleton (fetch:template) before this step`,
      error,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${displayPath} is not valid JSON`, error);
  }
  return parseMeshConfig(data, displayPath);
}
