import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { formatMoney } from '../../format/numbers';
import { agentCostSeries } from '../cost';
import { panelHasData } from '../shared';

/** What the agent cost since the first of the month, from the mesh's cost grouped by agent. */
export function AgentCostThisMonth(props: { mesh: MeshRef; agent: string }) {
  const { mesh, agent } = props;
  const api = useApi(agentMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.getCost(mesh, { granularity: 'DAILY', groupBy: 'AGENT' }),
    [api, mesh],
  );
  if (error) {
    return <>unavailable ({error.message})</>;
  }
  if (loading || !value) {
    return <>loading…</>;
  }
  if (value.status === 'pending') {
    return <>not read yet: the first refresh has not run</>;
  }
  if (!panelHasData(value)) {
    return <>unavailable ({value.error?.name ?? 'error'})</>;
  }
  const cost = agentCostSeries(value, agent);
  return <>{formatMoney(cost.monthToDate, cost.currency)}</>;
}
