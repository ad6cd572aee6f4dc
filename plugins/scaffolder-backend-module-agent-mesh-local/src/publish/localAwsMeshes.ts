import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshConfig } from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

/** What happened when the mesh was offered to the embedded AWS emulator. */
export type LocalAwsMeshResult = 'created' | 'unavailable' | 'disabled';

/** The header the embedded AWS's control API (`/_local/`) reads its token from. */
export const LOCAL_AWS_TOKEN_HEADER = 'x-agent-mesh-local-token';

/** Where the embedded AWS's control API is and how to prove the caller is the local backend. */
export interface LocalAwsControl {
  /** `POST` URL of `/_local/meshes`; nothing is created when absent. */
  meshesUrl?: string;
  /** The control token (`localAws.controlToken`). */
  token?: string;
  /** The file the embedded AWS wrote its per-start token to (`localAws.controlTokenFile`), read when `token` is absent. */
  tokenFile?: string;
}

/**
 * The catalog ref of the mesh's System in a published `catalog-info.yaml` (`system:<namespace>/<name>`), the
 * entity the embedded AWS tags the mesh's state machines with; undefined when the file has no System.
 */
export function systemRefOf(catalogInfo: string): string | undefined {
  for (const doc of parseAllDocuments(catalogInfo)) {
    let entity: any;
    try {
      entity = doc.toJS();
    } catch {
      continue; // Not YAML the catalog would read either.
    }
    if (
      entity?.kind === 'System' &&
      typeof entity.metadata?.name === 'string'
    ) {
      return `system:${entity.metadata.namespace ?? 'default'}/${
        entity.metadata.name
      }`;
    }
  }
  return undefined;
}

async function controlToken(
  control: LocalAwsControl,
): Promise<string | undefined> {
  if (control.token) return control.token;
  if (!control.tokenFile) return undefined;
  const text = await fs.readFile(control.tokenFile, 'utf8').catch(() => '');
  return text.trim() || undefined;
}

/**
 * Best effort: asks the embedded AWS emulator's control API to create the mesh, so its pages show runs, alarms
 * and cost, with the ref of the System the task registers (the mesh's `agent-mesh:entity` tag). Never fails
 * the task: a missing or failing endpoint is logged and reported as `unavailable`. The token is never logged.
 */
export async function createMeshInLocalAws(
  control: LocalAwsControl,
  config: MeshConfig,
  logger: LoggerService,
  entityRef?: string,
): Promise<LocalAwsMeshResult> {
  const url = control.meshesUrl;
  if (!url) {
    return 'disabled';
  }
  const token = await controlToken(control);
  if (!token) {
    logger.warn(
      `No control token for the embedded AWS (set localAws.controlToken, or localAws.controlTokenFile where it writes its own); ` +
        `mesh ${config.meshId} was not created there, so its pages show no runs until the emulator knows it`,
    );
    return 'unavailable';
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [LOCAL_AWS_TOKEN_HEADER]: token,
      },
      // The body of packages/local-aws's `POST /_local/meshes` (other fields are ignored by it).
      body: JSON.stringify({
        meshId: config.meshId,
        tier: config.tier,
        region: config.region,
        account: config.awsAccountId,
        agents: config.agents,
        entityRef,
        environment: config.environment,
        initialLane: config.initialLane,
        monthlyBudgetUsd: config.monthlyBudgetUsd,
      }),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) {
      logger.info(`Created mesh ${config.meshId} in the embedded AWS (${url})`);
      return 'created';
    }
    const reason = await response
      .json()
      .then(body => (typeof body?.error === 'string' ? `: ${body.error}` : ''))
      .catch(() => '');
    logger.warn(
      `The embedded AWS answered ${response.status} to POST ${url}${reason}; mesh ${config.meshId} was not created there, ` +
        'so its pages show no runs until the emulator knows it (the catalog entity is registered regardless)',
    );
  } catch (error) {
    logger.warn(
      `The embedded AWS control API POST ${url} is not reachable (${String(
        error,
      )}); mesh ${config.meshId} ` +
        'was not created there, so its pages show no runs until the emulator knows it',
    );
  }
  return 'unavailable';
}
