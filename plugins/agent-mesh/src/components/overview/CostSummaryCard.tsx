import { InfoCard } from '@backstage/core-components';
import { MeshSnapshot } from '@agent-mesh/plugin-agent-mesh-common';
import Typography from '@material-ui/core/Typography';
import { CostSummary } from '../cost';
import { PanelNotice, panelHasData } from '../shared';

/** The cost part of the snapshot: month to date, budget and forecast. */
export function CostSummaryCard(props: { snapshot: MeshSnapshot }) {
  const { cost } = props.snapshot;
  const summary = cost.summary;
  return (
    <InfoCard title="Cost">
      <PanelNotice label="Cost" panel={cost} />
      {panelHasData(cost) &&
        (summary ? (
          <CostSummary
            currency={summary.currency}
            monthToDate={summary.monthToDate}
            budget={summary.budget}
            forecast={summary.forecastMonth}
          />
        ) : (
          <Typography variant="body2">No cost read yet.</Typography>
        ))}
    </InfoCard>
  );
}
