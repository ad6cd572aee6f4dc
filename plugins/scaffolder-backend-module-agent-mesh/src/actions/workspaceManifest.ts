import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The parts of a generated repository's package.json the package actions read and write. */
export interface PackageManifest {
  dependencies?: Record<string, string>;
  overrides?: Record<string, string>;
}

/**
 * Reads the package.json at `relative` (default `package.json`) inside the workspace, refusing a path that
 * leads out of it; an unreadable file is an InputError naming the path.
 */
export async function readWorkspaceManifest(
  workspacePath: string,
  relative = 'package.json',
) {
  const file = resolveSafeChildPath(workspacePath, relative);
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`Cannot read ${relative}`, error);
  }
  return { relative, file, dir: path.dirname(file), manifest };
}
