import {
  CostSummary,
  LANES,
  MeshListItem,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { formatMoney } from '../../format/numbers';

/** Short cells never break inside a word: "Degraded", account ids and lane names stay on one line. */
export const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The mesh's lanes as compact chips, e.g. `2 read_only`, `1 dry_run`, `0 execute`. */
export function LanesSummaryCell(props: { mesh: MeshListItem }) {
  const { lanes } = props.mesh;
  if (!lanes) {
    return <span style={NO_WRAP}>not read yet</span>;
  }
  const text = LANES.map(lane => `${lanes[lane]} ${lane}`).join(' · ');
  return (
    // One chip a line: the column stays narrow so the table fits, and no chip breaks.
    <Box
      display="flex"
      flexDirection="column"
      alignItems="flex-start"
      style={{ gap: 4 }}
      aria-label={`Lanes: ${text}`}
      role="group"
    >
      {LANES.map(lane => (
        <Chip
          key={lane}
          size="small"
          variant={lanes[lane] > 0 ? 'default' : 'outlined'}
          color={lane === 'execute' && lanes[lane] > 0 ? 'primary' : 'default'}
          label={`${lanes[lane]} ${lane}`}
          style={NO_WRAP}
        />
      ))}
    </Box>
  );
}

/** The budget the list compares with: the mesh's own when it has one, else what the backend applied. */
function budgetOf(mesh: MeshListItem, cost: CostSummary): number | undefined {
  return mesh.monthlyBudgetUsd ?? cost.budget;
}

/** Month to date against this mesh's budget: `$42.10 of $300.00`, percent used and a bar. */
export function MeshCostCell(props: { mesh: MeshListItem }) {
  const { mesh } = props;
  const { cost } = mesh;
  if (!cost) {
    return <span style={NO_WRAP}>not read yet</span>;
  }
  const budget = budgetOf(mesh, cost);
  const percent =
    cost.percentOfBudget ??
    (budget ? (cost.monthToDate / budget) * 100 : undefined);
  return (
    <div>
      <Typography variant="body2" style={NO_WRAP}>
        {formatMoney(cost.monthToDate, cost.currency)}
        {budget !== undefined
          ? ` of ${formatMoney(budget, cost.currency)}`
          : ', no budget'}
      </Typography>
      {percent !== undefined && (
        <>
          <LinearProgress
            variant="determinate"
            color={percent >= 100 ? 'secondary' : 'primary'}
            value={Math.min(percent, 100)}
            aria-label={`${
              mesh.title ?? mesh.name
            }: share of the monthly budget used`}
          />
          <Typography variant="caption" style={NO_WRAP}>
            {`${percent.toFixed(1)}% used`}
            {cost.forecastMonth !== undefined && budget !== undefined
              ? `, forecast ${formatMoney(cost.forecastMonth, cost.currency)}${
                  cost.forecastMonth > budget ? ', over budget' : ''
                }`
              : ''}
          </Typography>
        </>
      )}
    </div>
  );
}

/** Promotion requests and waiting runs that wait for a person, e.g. `1 request · 2 runs`. */
export function pendingApprovalsText(mesh: MeshListItem): string {
  const pending = mesh.pendingApprovals;
  if (!pending) {
    return 'unknown';
  }
  if (pending.promotionRequests === 0 && pending.waitingRuns === 0) {
    return 'none';
  }
  const plural = (n: number, word: string) =>
    `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(pending.promotionRequests, 'request')} · ${plural(
    pending.waitingRuns,
    'waiting run',
  )}`;
}

/** How many decisions wait, for sorting; -1 when unknown. */
export function pendingApprovalsTotal(mesh: MeshListItem): number {
  const pending = mesh.pendingApprovals;
  return pending ? pending.promotionRequests + pending.waitingRuns : -1;
}
