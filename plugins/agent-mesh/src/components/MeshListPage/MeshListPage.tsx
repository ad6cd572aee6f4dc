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
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { MeshSummary } from '@agent-mesh/plugin-agent-mesh-common';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef } from '../../api';

const columns: TableColumn<MeshSummary>[] = [
  {
    title: 'Mesh',
    field: 'name',
    highlight: true,
    render: mesh => (
      <EntityRefLink entityRef={mesh.entityRef} title={mesh.title ?? mesh.name} />
    ),
  },
  { title: 'Mesh id', field: 'meshId' },
  { title: 'Tier', field: 'tier' },
  { title: 'Account', field: 'awsAccount' },
  { title: 'Region', field: 'region' },
  {
    title: 'Owner',
    field: 'owner',
    render: mesh =>
      mesh.owner ? (
        <EntityRefLink entityRef={mesh.owner} defaultKind="group" />
      ) : null,
  },
  { title: 'Agents', render: mesh => mesh.agents.length, align: 'right' },
];

/** The table of every mesh the user may read. */
export function MeshTable() {
  const api = useApi(agentMeshApiRef);
  const { value, loading, error } = useAsync(() => api.listMeshes(), [api]);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<MeshSummary>
      title={`Meshes (${value?.items.length ?? 0})`}
      options={{ paging: false, search: true }}
      isLoading={loading}
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
          Meshes are catalog systems of type agent-mesh; their agents run on AWS in lanes
          read_only, dry_run and execute.
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
      <Header title="Agent Mesh" subtitle="AI agents on AWS, by mesh, agent and lane" />
      {content}
    </Page>
  );
}
