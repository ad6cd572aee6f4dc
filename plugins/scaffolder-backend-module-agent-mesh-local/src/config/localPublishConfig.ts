import { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';

/** Local publishing, read once from `agentMeshScaffolder.localPublish` (and `localAws`). */
export interface LocalPublishConfig {
  enabled: boolean;
  /** Absolute folder the local repositories are written under. */
  directory: string;
  /** The embedded AWS emulator's control endpoint to create new meshes in, when enabled. */
  localAwsMeshesUrl?: string;
}

/** The default folder of locally published repositories. */
export const DEFAULT_LOCAL_PUBLISH_DIRECTORY = path.join(
  os.tmpdir(),
  'agent-mesh-repos',
);

/** Reads local publishing's settings; a relative folder is resolved against the backend's working directory. */
export function readLocalPublishConfig(config: Config): LocalPublishConfig {
  const localAwsPort = config.getOptionalBoolean('localAws.enabled')
    ? config.getOptionalNumber('localAws.port')
    : undefined;
  const createInLocalAws =
    config.getOptionalBoolean(
      'agentMeshScaffolder.localPublish.createInLocalAws',
    ) ?? true;
  return {
    enabled:
      config.getOptionalBoolean('agentMeshScaffolder.localPublish.enabled') ??
      false,
    directory: path.resolve(
      config.getOptionalString('agentMeshScaffolder.localPublish.directory') ??
        DEFAULT_LOCAL_PUBLISH_DIRECTORY,
    ),
    localAwsMeshesUrl:
      createInLocalAws && localAwsPort
        ? `http://127.0.0.1:${localAwsPort}/_local/meshes`
        : undefined,
  };
}
