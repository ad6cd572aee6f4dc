import Grid, { GridSize } from '@material-ui/core/Grid';
import { useCallback, useState } from 'react';
import { MeshRef } from '../../api';
import { LanesCard } from './LanesCard';
import { PromotionRequestsCard } from './PromotionRequestsCard';
import { WaitingRunsCard } from './WaitingRunsCard';

/**
 * A revision the lane cards share: any change in one (a promotion, an approval, a run decision) bumps it,
 * and every card given it reads again.
 */
export function useLaneRevision() {
  const [revision, setRevision] = useState(0);
  const onChange = useCallback(() => setRevision(n => n + 1), []);
  return { revision, onChange };
}

/**
 * The grid items of the cards that change lanes: the lanes with their controls, then the promotion
 * requests and the runs waiting at the approval gate side by side from the `sideBySide` breakpoint.
 */
export function LaneCardItems(props: {
  mesh: MeshRef;
  entityRef: string;
  /** Only this agent (the agent's own page). */
  agent?: string;
  revision: number;
  onChange: () => void;
  refreshIntervalSeconds?: number;
  sideBySide: 'lg' | 'xl';
}) {
  const { refreshIntervalSeconds, sideBySide, ...cardProps } = props;
  const half: { [breakpoint: string]: GridSize } = { [sideBySide]: 6 };
  return (
    <>
      <Grid item xs={12}>
        <LanesCard
          {...cardProps}
          refreshIntervalSeconds={refreshIntervalSeconds}
        />
      </Grid>
      <Grid item xs={12} {...half}>
        <PromotionRequestsCard {...cardProps} />
      </Grid>
      <Grid item xs={12} {...half}>
        <WaitingRunsCard {...cardProps} />
      </Grid>
    </>
  );
}
