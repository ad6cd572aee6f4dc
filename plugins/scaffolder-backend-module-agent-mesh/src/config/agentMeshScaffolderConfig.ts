import { Config } from '@backstage/config';
import path from 'node:path';

/** The module's settings, read once from `agentMeshScaffolder`. */
export interface AgentMeshScaffolderConfig {
  /** Absolute folder of `@agent-mesh/*` tarballs to vendor into generated repositories, if configured. */
  tarballDirectory?: string;
}

/** Reads the module's settings; a relative path is resolved against the backend's working directory. */
export function readAgentMeshScaffolderConfig(
  config: Config,
): AgentMeshScaffolderConfig {
  const tarballDirectory = config.getOptionalString(
    'agentMeshScaffolder.packages.tarballDirectory',
  );
  return {
    tarballDirectory: tarballDirectory
      ? path.resolve(tarballDirectory)
      : undefined,
  };
}
