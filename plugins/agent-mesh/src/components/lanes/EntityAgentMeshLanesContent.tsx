import { stringifyEntityRef } from '@backstage/catalog-model';
import { MeshEntityGuard } from '../shared';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useCallback, useState } from 'react';
import { useMeshRef } from '../../hooks/useMeshRef';
import { HistoryCard } from './HistoryCard';
import { LanesCard } from './LanesCard';
import { PromotionRequestsCard } from './PromotionRequestsCard';
import { WaitingRunsCard } from './WaitingRunsCard';

/** @public */
export interface EntityAgentMeshLanesContentProps {
  /**
   * The backend's refresh interval (`agentMesh.refresh.frequency`) in seconds; lanes older than two
   * intervals are shown as stale evidence.
   * @defaultValue 60
   */
  refreshIntervalSeconds?: number;
}

function MeshLanes(props: EntityAgentMeshLanesContentProps) {
  const { entity } = useEntity();
  const mesh = useMeshRef();
  const entityRef = stringifyEntityRef(entity);
  // Any change in one card (a promotion, an approval, a run decision) makes every card read again.
  const [revision, setRevision] = useState(0);
  const onChange = useCallback(() => setRevision(n => n + 1), []);

  // The entity page lays out its tabs' content; a tab renders cards only.
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <LanesCard
          mesh={mesh}
          entityRef={entityRef}
          revision={revision}
          onChange={onChange}
          refreshIntervalSeconds={props.refreshIntervalSeconds}
        />
      </Grid>
      <Grid item xs={12} xl={6}>
        <PromotionRequestsCard
          mesh={mesh}
          entityRef={entityRef}
          revision={revision}
          onChange={onChange}
        />
      </Grid>
      <Grid item xs={12} xl={6}>
        <WaitingRunsCard
          mesh={mesh}
          entityRef={entityRef}
          revision={revision}
          onChange={onChange}
        />
      </Grid>
      <Grid item xs={12}>
        <HistoryCard mesh={mesh} revision={revision} />
      </Grid>
    </Grid>
  );
}

/**
 * The lanes tab of a mesh entity: each agent's lane with promote and demote controls behind the gate
 * checklist and a confirmation, promotion requests waiting for a second person, runs waiting at the
 * approval gate, and the lane history. Controls the user may not use are disabled with the reason.
 *
 * @public
 */
export function EntityAgentMeshLanesContent(
  props: EntityAgentMeshLanesContentProps = {},
) {
  return (
    <MeshEntityGuard>
      <MeshLanes {...props} />
    </MeshEntityGuard>
  );
}
