import {
  agentEvidencePrefix,
  artifactsBucketName,
  Lane,
} from '@agent-mesh/plugin-agent-mesh-common';
import { MeshModel } from '../world/meshModel';
import { hashString } from '../world/seededRandom';
import { World } from '../world/world';
import { ArtifactsServer } from './artifactsServer';

/** An object of a mesh's artifacts bucket. */
export interface ArtifactObject {
  key: string;
  body: string;
  contentType: string;
}

/**
 * The evidence of one agent, as its evaluation pipeline would leave it under `evidence/<agent>/`: an
 * evaluation report and a change review. Contents depend only on the mesh, the agent, its lane and the time,
 * so a fixed clock gives the same objects.
 */
export function evidenceObjects(
  model: MeshModel,
  agent: string,
  lane: Lane,
  now: number,
): ArtifactObject[] {
  const prefix = agentEvidencePrefix(agent);
  const h = hashString(`${model.spec.meshId}/${agent}/evidence`);
  const evaluatedAt = new Date(
    Math.floor((now - 2 * 3_600_000) / 3_600_000) * 3_600_000,
  ).toISOString();
  const cases = 24 + (h % 16);
  const report = {
    meshId: model.spec.meshId,
    agent,
    lane,
    suite: 'agent-mesh-evaluation',
    evaluatedAt,
    cases,
    passed: cases,
    failed: 0,
    result: 'pass',
  };
  const review = [
    `# Change review: ${agent} (${model.spec.meshId})`,
    '',
    `Reviewed at ${evaluatedAt} in lane \`${lane}\`.`,
    '',
    '- Task role: only the actions of its lane.',
    '- Dry-run output matched the expected changes.',
    '',
  ].join('\n');
  return [
    {
      key: `${prefix}evaluation-report.json`,
      body: `${JSON.stringify(report, null, 2)}\n`,
      contentType: 'application/json',
    },
    {
      key: `${prefix}change-review.md`,
      body: review,
      contentType: 'text/markdown',
    },
  ];
}

/** Creates a mesh's artifacts bucket with the evidence of its agents that have some. */
export async function provisionMeshArtifacts(
  server: ArtifactsServer,
  world: World,
  model: MeshModel,
): Promise<void> {
  const bucket = artifactsBucketName(model.spec.meshId, model.spec.account);
  await server.createBucket(bucket);
  const now = world.clock.now();
  for (const agent of model.evidenceAgents) {
    const lane = world.currentLane(model, agent);
    for (const object of evidenceObjects(model, agent, lane, now))
      await server.putObject(
        bucket,
        object.key,
        object.body,
        object.contentType,
      );
  }
}

/** Empties the artifacts store and provisions every mesh of the world (at start and after a reset). */
export async function provisionArtifacts(
  server: ArtifactsServer,
  world: World,
): Promise<void> {
  await server.clear();
  for (const mesh of world.meshes.values())
    await provisionMeshArtifacts(server, world, mesh.model);
}
