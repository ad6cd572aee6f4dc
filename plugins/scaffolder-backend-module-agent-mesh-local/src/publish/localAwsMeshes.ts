import { LoggerService } from '@backstage/backend-plugin-api';
import { MeshConfig } from '@agent-mesh/plugin-scaffolder-backend-module-agent-mesh';

/** What happened when the mesh was offered to the embedded AWS emulator. */
export type LocalAwsMeshResult = 'created' | 'unavailable' | 'disabled';

/**
 * Best effort: asks the embedded AWS emulator's control API to create the mesh, so its pages show runs, alarms
 * and cost. Never fails the task: a missing or failing endpoint is logged and reported as `unavailable`.
 */
export async function createMeshInLocalAws(
  url: string | undefined,
  config: MeshConfig,
  logger: LoggerService,
): Promise<LocalAwsMeshResult> {
  if (!url) {
    return 'disabled';
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The body of packages/local-aws's `POST /_local/meshes` (other fields are ignored by it).
      body: JSON.stringify({
        meshId: config.meshId,
        tier: config.tier,
        region: config.region,
        account: config.awsAccountId,
        agents: config.agents,
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
    logger.warn(
      `The embedded AWS answered ${response.status} to POST ${url}; mesh ${config.meshId} was not created there, ` +
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
