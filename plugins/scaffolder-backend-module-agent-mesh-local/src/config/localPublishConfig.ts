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
  /**
   * The control API's token (`localAws.controlToken`), sent in `x-agent-mesh-local-token`. When config sets
   * none, the embedded AWS draws one at every start and writes it to `localAwsControlTokenFile`.
   */
  localAwsControlToken?: string;
  /** Absolute path of the file the embedded AWS writes its token to (`localAws.controlTokenFile`), read at publish time. */
  localAwsControlTokenFile?: string;
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
  const tokenFile = config.getOptionalString('localAws.controlTokenFile');
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
    localAwsControlToken: config.getOptionalString('localAws.controlToken'),
    localAwsControlTokenFile: tokenFile ? path.resolve(tokenFile) : undefined,
  };
}
