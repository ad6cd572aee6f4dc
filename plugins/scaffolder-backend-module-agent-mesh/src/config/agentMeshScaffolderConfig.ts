import { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';

/** The module's settings, read once from `agentMeshScaffolder` (and `localAws.port`). */
export interface AgentMeshScaffolderConfig {
  /** Absolute folder of `@agent-mesh/*` tarballs to vendor into generated repositories, if configured. */
  tarballDirectory?: string;
  localPublish: {
    enabled: boolean;
    /** Absolute folder the local repositories are written under. */
    directory: string;
    /** The embedded AWS emulator's control endpoint to create new meshes in, when enabled. */
    localAwsMeshesUrl?: string;
  };
}

/** The default folder of locally published repositories. */
export const DEFAULT_LOCAL_PUBLISH_DIRECTORY = path.join(
  os.tmpdir(),
  'agent-mesh-repos',
);

/** Reads the module's settings; relative paths are resolved against the backend's working directory. */
export function readAgentMeshScaffolderConfig(
  config: Config,
): AgentMeshScaffolderConfig {
  const tarballDirectory = config.getOptionalString(
    'agentMeshScaffolder.packages.tarballDirectory',
  );
  const localAwsPort = config.getOptionalBoolean('localAws.enabled')
    ? config.getOptionalNumber('localAws.port')
    : undefined;
  const createInLocalAws =
    config.getOptionalBoolean(
      'agentMeshScaffolder.localPublish.createInLocalAws',
    ) ?? true;
  return {
    tarballDirectory: tarballDirectory
      ? path.resolve(tarballDirectory)
      : undefined,
    localPublish: {
      enabled:
        config.getOptionalBoolean('agentMeshScaffolder.localPublish.enabled') ??
        false,
      directory: path.resolve(
        config.getOptionalString(
          'agentMeshScaffolder.localPublish.directory',
        ) ?? DEFAULT_LOCAL_PUBLISH_DIRECTORY,
      ),
      localAwsMeshesUrl:
        createInLocalAws && localAwsPort
          ? `http://127.0.0.1:${localAwsPort}/_local/meshes`
          : undefined,
    },
  };
}
