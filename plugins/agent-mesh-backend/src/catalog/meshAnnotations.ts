import { MESH_ID_PATTERN } from '@agent-mesh/plugin-agent-mesh-common';

/** What keeps a catalog mesh from being read, if anything: a missing annotation or a mesh id AWS names cannot hold. */
export function meshAnnotationProblem(mesh: {
  meshId?: string;
  awsAccount?: string;
  region?: string;
}): string | undefined {
  if (!mesh.awsAccount || !mesh.region) {
    return 'it lacks the agent-mesh.io/aws-account or agent-mesh.io/region annotation';
  }
  if (!mesh.meshId || !MESH_ID_PATTERN.test(mesh.meshId)) {
    return `its agent-mesh.io/mesh-id "${(mesh.meshId ?? '').slice(
      0,
      80,
    )}" is not a mesh id (3-32 lowercase letters, digits and single hyphens, starting with a letter)`;
  }
  return undefined;
}
