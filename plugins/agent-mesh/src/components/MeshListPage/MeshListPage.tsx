import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  SupportButton,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MeshListItem } from '@agent-mesh/plugin-agent-mesh-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { agentMeshApiRef } from '../../api';
import { SNAPSHOT_POLL_MS } from '../../hooks/useMeshSnapshot';
import { meshAgeText, MeshHealthCell, meshRunsText } from './MeshHealthCell';

/**
 * The mesh owner as an entity ref. The backend passes `spec.owner` through as written, and the catalog
 * reads a bare name there as a group in the mesh's own namespace (e.g. `team-a`, `group:team-a`).
 */
function ownerRef(mesh: MeshListItem): CompoundEntityRef | undefined {
  if (!mesh.owner) {
    return undefined;
  }
  try {
    return parseEntityRef(mesh.owner, {
      defaultKind: 'group',
      defaultNamespace: parseEntityRef(mesh.entityRef).namespace,
    });
  } catch {
    return undefined;
  }
}

const columns: TableColumn<MeshListItem>[] = [
  {
    title: 'Mesh',
    field: 'name',
    highlight: true,
    render: mesh => (
      <EntityRefLink entityRef={mesh.entityRef}>
        {mesh.title ?? mesh.name}
      </EntityRefLink>
    ),
  },
  { title: 'Mesh id', field: 'meshId' },
  { title: 'Tier', field: 'tier' },
  { title: 'Account', field: 'awsAccount' },
  { title: 'Region', field: 'region' },
  {
    title: 'Owner',
    field: 'owner',
    render: mesh => {
      const owner = ownerRef(mesh);
      if (owner) {
        return <EntityRefLink entityRef={owner} defaultKind="group" />;
      }
      return mesh.owner ?? null;
    },
  },
  { title: 'Agents', render: mesh => mesh.agents.length, align: 'right' },
  {
    title: 'Health',
    field: 'health.status',
    render: mesh => <MeshHealthCell health={mesh.health} />,
  },
  {
    title: 'Runs',
    render: mesh => meshRunsText(mesh.health),
    customSort: (a, b) =>
      (a.health?.runs?.total ?? -1) - (b.health?.runs?.total ?? -1),
  },
  {
    title: 'Snapshot',
    render: mesh => meshAgeText(mesh.health),
    customSort: (a, b) =>
      (a.health?.ageSeconds ?? Infinity) - (b.health?.ageSeconds ?? Infinity),
  },
];

/** The table of every mesh the user may read. */
export function MeshTable() {
  const api = useApi(agentMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listMeshes(),
    [api],
  );
  // Health comes from stored snapshots the backend refreshes on its own schedule; ask again while open.
  useInterval(retry, SNAPSHOT_POLL_MS);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<MeshListItem>
      title={`Meshes (${value?.items.length ?? 0})`}
      options={{ paging: false, search: true }}
      isLoading={loading && !value}
      columns={columns}
      data={value?.items ?? []}
      emptyContent={
        <div style={{ padding: 16 }}>
          No agent meshes in the catalog yet. Create one from the Create page.
        </div>
      }
    />
  );
}

/**
 * The Agent Mesh page: every mesh of the catalog.
 *
 * @public
 */
export function MeshListPage(props: { withHeader?: boolean }) {
  const content = (
    <Content>
      <ContentHeader title="Agent meshes">
        <SupportButton>
          Meshes are catalog systems of type agent-mesh; their agents run on AWS
          in lanes read_only, dry_run and execute.
        </SupportButton>
      </ContentHeader>
      <MeshTable />
    </Content>
  );
  if (props.withHeader === false) {
    return content;
  }
  return (
    <Page themeId="tool">
      <Header
        title="Agent Mesh"
        subtitle="AI agents on AWS, by mesh, agent and lane"
      />
      {content}
    </Page>
  );
}
