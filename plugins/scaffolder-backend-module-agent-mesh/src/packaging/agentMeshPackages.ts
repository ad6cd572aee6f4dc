import fs from 'node:fs';
import path from 'node:path';

/** The packages a generated repository depends on, with the versions this Backstage runs. */
export const AGENT_MESH_PACKAGES = [
  '@agent-mesh/infra-constructs',
  '@agent-mesh/plugin-agent-mesh-common',
] as const;

/** @internal */
export type AgentMeshPackage = (typeof AGENT_MESH_PACKAGES)[number];

/** The folder of an installed package (its package.json's folder). */
export function packageDirectory(name: AgentMeshPackage): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** The version of an installed package. */
export function packageVersion(name: AgentMeshPackage): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(packageDirectory(name), 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/** The file name `npm pack` gives a scoped package's tarball, e.g. `agent-mesh-infra-constructs-0.1.0.tgz`. */
export function tarballName(name: AgentMeshPackage, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}
