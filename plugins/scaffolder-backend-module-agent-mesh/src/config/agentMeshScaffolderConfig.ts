import { Config } from '@backstage/config';
import path from 'node:path';

/** The module's settings, read once from `agentMeshScaffolder`. */
export interface AgentMeshScaffolderConfig {
  /** Absolute folder of `@agent-mesh/*` tarballs to vendor into generated repositories, if configured. */
  tarballDirectory?: string;
  /** The registry URL the generated repository's `.npmrc` maps the `@agent-mesh` scope to, if configured. */
  registry?: string;
}

/** Reads the module's settings; a relative path is resolved against the backend's working directory. */
export function readAgentMeshScaffolderConfig(
  config: Config,
): AgentMeshScaffolderConfig {
  const tarballDirectory = config.getOptionalString(
    'agentMeshScaffolder.packages.tarballDirectory',
  );
  const registry = config.getOptionalString(
    'agentMeshScaffolder.packages.registry',
  );
  if (registry !== undefined && !isRegistryUrl(registry)) {
    throw new Error(
      `agentMeshScaffolder.packages.registry must be an http(s) URL without spaces, got ${JSON.stringify(
        registry,
      )}`,
    );
  }
  return {
    tarballDirectory: tarballDirectory
      ? path.resolve(tarballDirectory)
      : undefined,
    registry,
  };
}

/** Whether `value` can go into an `.npmrc` line as a registry: one http(s) URL, nothing else on the line. */
export function isRegistryUrl(value: string): boolean {
  if (/[\s#;]/.test(value)) return false;
  try {
    return ['https:', 'http:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
