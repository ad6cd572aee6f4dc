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
import {
  ENVIRONMENTS,
  MeshListItem,
  TIERS,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { agentMeshApiRef } from '../../api';
import { FilterSelect, NO_WRAP, WRAP_WORDS } from '../shared';
import { SNAPSHOT_POLL_MS } from '../../hooks/useMeshSnapshot';
import { MeshHealthCell, meshRunsText } from './MeshHealthCell';
import {
  LanesSummaryCell,
  MeshCell,
  MeshCostCell,
  MESH_COLUMN_MIN_WIDTH,
  pendingApprovalsText,
  pendingApprovalsTotal,
} from './MeshListCells';

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

/** Every cell wraps between words only, with room for a short word on each side. */
const CELL_STYLE = {
  ...WRAP_WORDS,
  padding: '8px 12px',
  verticalAlign: 'top',
} as const;

/**
 * The list's columns, narrow enough for a 1280 px screen: tier and environment are chips in the mesh cell,
 * the snapshot's age is the health cell's last line, and the agents are on each mesh's own page.
 */
const meshColumns: TableColumn<MeshListItem>[] = [
  {
    title: 'Mesh',
    field: 'name',
    highlight: true,
    cellStyle: { ...CELL_STYLE, minWidth: MESH_COLUMN_MIN_WIDTH },
    headerStyle: { ...CELL_STYLE, minWidth: MESH_COLUMN_MIN_WIDTH },
    render: mesh => <MeshCell mesh={mesh} />,
  },
  {
    title: 'Owner',
    field: 'owner',
    render: mesh => {
      const owner = ownerRef(mesh);
      if (owner) {
        return (
          <span style={NO_WRAP}>
            <EntityRefLink entityRef={owner} defaultKind="group" />
          </span>
        );
      }
      return mesh.owner ?? null;
    },
  },
  {
    title: 'Health',
    field: 'health.status',
    render: mesh => <MeshHealthCell health={mesh.health} />,
  },
  {
    title: 'Runs (24 h)',
    render: mesh => meshRunsText(mesh.health),
    customSort: (a, b) =>
      (a.health?.runs?.total ?? -1) - (b.health?.runs?.total ?? -1),
  },
  {
    title: 'Cost this month',
    render: mesh => <MeshCostCell mesh={mesh} />,
    customSort: (a, b) =>
      (a.cost?.monthToDate ?? -1) - (b.cost?.monthToDate ?? -1),
  },
  { title: 'Lanes', render: mesh => <LanesSummaryCell mesh={mesh} /> },
  {
    title: 'Pending approvals',
    render: mesh => pendingApprovalsText(mesh),
    customSort: (a, b) => pendingApprovalsTotal(a) - pendingApprovalsTotal(b),
  },
];

const columns: TableColumn<MeshListItem>[] = meshColumns.map(column => ({
  ...column,
  cellStyle: column.cellStyle ?? CELL_STYLE,
  headerStyle: column.headerStyle ?? CELL_STYLE,
}));

/** The table of every mesh the user may read, with the table's search and tier and environment filters. */
export function MeshTable() {
  const api = useApi(agentMeshApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listMeshes(),
    [api],
  );
  const [tier, setTier] = useState<string>();
  const [environment, setEnvironment] = useState<string>();
  // Health comes from stored snapshots the backend refreshes on its own schedule; ask again while open.
  useInterval(retry, SNAPSHOT_POLL_MS);
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const items = (value?.items ?? []).filter(
    mesh =>
      (!tier || mesh.tier === tier) &&
      (!environment || mesh.environment === environment),
  );
  const filtered = items.length !== (value?.items.length ?? 0);
  return (
    <>
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
        <FilterSelect
          idPrefix="agent-mesh-list-filter"
          label="Tier"
          value={tier}
          options={TIERS}
          onChange={setTier}
        />
        <FilterSelect
          idPrefix="agent-mesh-list-filter"
          label="Environment"
          value={environment}
          options={ENVIRONMENTS}
          onChange={setEnvironment}
        />
      </Box>
      <Table<MeshListItem>
        title={
          filtered
            ? `Meshes (${items.length} of ${value?.items.length ?? 0})`
            : `Meshes (${items.length})`
        }
        options={{ paging: false, search: true, padding: 'dense' }}
        isLoading={loading && !value}
        columns={columns}
        data={items}
        emptyContent={
          <div style={{ padding: 16 }}>
            {filtered
              ? 'No mesh matches these filters.'
              : 'No agent meshes in the catalog yet. Create one from the Create page.'}
          </div>
        }
      />
    </>
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
