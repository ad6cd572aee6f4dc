import { AGENT_MESH_ANNOTATIONS } from '@agent-mesh/plugin-agent-mesh-common';
import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import agentMeshPlugin from './alpha';
import { agentMeshApiRef, AgentMeshClient } from './api';
import {
  agentCostFixture,
  lanesFixture,
  meshListItemFixture,
  snapshotFixture,
} from './__testUtils__/fixtures';
import { mockAgentMeshApi } from './__testUtils__/mockAgentMeshApi';
import { permissionApiAllowing } from './__testUtils__/permissionApi';
import { rootRouteRef } from './routes';

const mesh = meshListItemFixture();

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'billing-dev', annotations },
    spec: { type: 'agent-mesh' },
  };
}

describe('agent-mesh plugin (new frontend system)', () => {
  it('has the plugin id and root route', () => {
    expect(agentMeshPlugin.pluginId).toBe('agent-mesh');
    expect(agentMeshPlugin.routes.root).toBe(rootRouteRef);
  });

  it('provides an AgentMeshClient built from discovery and fetch', () => {
    const factory = createExtensionTester(
      agentMeshPlugin.getExtension('api:agent-mesh'),
    ).get(ApiBlueprint.dataRefs.factory);

    expect(factory.api).toBe(agentMeshApiRef);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    expect(
      factory.factory({
        discoveryApi: { getBaseUrl: async () => 'http://localhost' },
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(AgentMeshClient);
  });

  it('renders the mesh list on the page extension at /agent-mesh', async () => {
    const api = mockAgentMeshApi({
      listMeshes: async () => ({ items: [mesh] }),
    });
    const tester = createExtensionTester(
      agentMeshPlugin.getExtension('page:agent-mesh'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/agent-mesh');

    // The tester's `apis` only feed extension factories; the rendered page reads the app's APIs.
    await renderInTestApp(tester.reactElement(), {
      apis: [[agentMeshApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByRole('link', { name: 'Billing (dev)' }),
    ).toHaveAttribute('href', '/catalog/default/system/billing-dev');
    expect(
      screen.getByRole('heading', { name: 'Meshes (1)' }),
    ).toBeInTheDocument();
    expect(api.listMeshes).toHaveBeenCalled();
  });

  describe('entity content', () => {
    const tester = createExtensionTester(
      agentMeshPlugin.getExtension('entity-content:agent-mesh'),
    );

    it('is the Agent Mesh tab at /agent-mesh', () => {
      expect(tester.get(coreExtensionData.routePath)).toBe('/agent-mesh');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Agent Mesh',
      );
    });

    it('is shown only for entities with the mesh-id annotation', () => {
      const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(filter).toEqual(expect.any(Function));

      expect(
        filter!(entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' })),
      ).toBe(true);
      expect(filter!(entity())).toBe(false);
      expect(
        filter!(entity({ [AGENT_MESH_ANNOTATIONS.region]: 'eu-west-1' })),
      ).toBe(false);
    });
  });
  describe.each<
    [
      (
        | 'entity-content:agent-mesh/runs'
        | 'entity-content:agent-mesh/cost'
        | 'entity-content:agent-mesh/lanes'
        | 'entity-content:agent-mesh/alarms'
      ),
      string,
      string,
    ]
  >([
    ['entity-content:agent-mesh/runs', '/agent-mesh-runs', 'Mesh Runs'],
    ['entity-content:agent-mesh/cost', '/agent-mesh-cost', 'Mesh Cost'],
    ['entity-content:agent-mesh/lanes', '/lanes', 'Lanes'],
    ['entity-content:agent-mesh/alarms', '/agent-mesh-alarms', 'Mesh Alarms'],
  ])('entity content %s', (id, path, title) => {
    const tester = createExtensionTester(agentMeshPlugin.getExtension(id));

    it(`is the ${title} tab at ${path}, for mesh entities only`, () => {
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
      const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(
        filter!(entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' })),
      ).toBe(true);
      expect(filter!(entity())).toBe(false);
    });
  });

  it('renders the lanes tab of a mesh entity with its controls', async () => {
    const api = mockAgentMeshApi({
      listLanes: async () => lanesFixture(),
      listPromotionRequests: async () => ({ items: [] }),
      listWaitingRuns: async () => ({ items: [] }),
      listHistory: async () => ({ items: [] }),
    });
    const tester = createExtensionTester(
      agentMeshPlugin.getExtension('entity-content:agent-mesh/lanes'),
    );

    await renderInTestApp(
      <EntityProvider
        entity={entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' })}
      >
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [agentMeshApiRef, api],
          [permissionApiRef, permissionApiAllowing()],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByRole('button', {
        name: 'Promote conductor to dry_run',
      }),
    ).toBeInTheDocument();
    expect(api.listLanes).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'billing-dev',
    });
    expect(
      await screen.findByText('No run waits at the approval gate.'),
    ).toBeInTheDocument();
  });

  describe('agent pages', () => {
    const agentEntity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'billing-dev-critic',
        annotations: { [AGENT_MESH_ANNOTATIONS.agentName]: 'critic' },
      },
      spec: { type: 'agent', system: 'billing-dev', owner: 'team-billing' },
    };
    const service: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
      spec: { type: 'service', system: 'billing-dev' },
    };
    const orphan: Entity = {
      ...agentEntity,
      spec: { type: 'agent', owner: 'team-billing' },
    };

    it('adds the Agent Mesh card to agent components only', () => {
      const tester = createExtensionTester(
        agentMeshPlugin.getExtension('entity-card:agent-mesh/agent'),
      );
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(agentEntity)).toBe(true);
      expect(filter(service)).toBe(false);
      expect(filter(orphan)).toBe(false);
      expect(
        filter(entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' })),
      ).toBe(false);
    });

    it('adds the Agent Mesh tab to agent components only', () => {
      const tester = createExtensionTester(
        agentMeshPlugin.getExtension('entity-content:agent-mesh/agent'),
      );
      expect(tester.get(coreExtensionData.routePath)).toBe('/agent-mesh');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Agent Mesh',
      );
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect(filter(agentEntity)).toBe(true);
      expect(filter(service)).toBe(false);
      expect(
        filter(entity({ [AGENT_MESH_ANNOTATIONS.meshId]: 'billing-dev' })),
      ).toBe(false);
    });

    it('renders the agent card with the agent’s lane from its mesh’s snapshot', async () => {
      const api = mockAgentMeshApi({
        getMeshSnapshot: async () => snapshotFixture(),
        listRuns: async () => ({ items: [] }),
        getCost: async () => agentCostFixture(),
      });
      const tester = createExtensionTester(
        agentMeshPlugin.getExtension('entity-card:agent-mesh/agent'),
      );
      await renderInTestApp(
        <EntityProvider entity={agentEntity}>
          {tester.reactElement()}
        </EntityProvider>,
        {
          apis: [
            [agentMeshApiRef, api],
            [catalogApiRef, catalogApiMock()],
          ],
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );
      expect(
        await screen.findByRole('row', { name: /^Lane dry_run$/ }),
      ).toBeInTheDocument();
      expect(api.getMeshSnapshot).toHaveBeenCalledWith({
        namespace: 'default',
        name: 'billing-dev',
      });
    });
  });
});
