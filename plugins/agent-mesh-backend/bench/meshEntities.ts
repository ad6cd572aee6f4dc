import { Entity } from '@backstage/catalog-model';

/** The catalog entities of a mesh local-aws added: its System and one Component per agent. */
export function meshEntities(
  mesh: { meshId: string; account: string; region: string; tier: string },
  agents: string[],
): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: mesh.meshId,
        namespace: 'default',
        annotations: {
          'agent-mesh.io/mesh-id': mesh.meshId,
          'agent-mesh.io/aws-account': mesh.account,
          'agent-mesh.io/region': mesh.region,
          'agent-mesh.io/tier': mesh.tier,
        },
      },
      spec: { type: 'agent-mesh', owner: 'group:default/platform-team' },
    },
    ...agents.map(agent => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${mesh.meshId}-${agent}`,
        namespace: 'default',
        annotations: { 'agent-mesh.io/agent-name': agent },
      },
      spec: {
        type: 'agent',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
        system: mesh.meshId,
      },
    })),
  ];
}
