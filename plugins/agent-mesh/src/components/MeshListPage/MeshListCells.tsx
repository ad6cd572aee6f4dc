import {
  CostSummary,
  LANES,
  TIER_LANES,
  MeshListItem,
} from '@agent-mesh/plugin-agent-mesh-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { formatMoney } from '../../format/numbers';
import { CompactColumn, NO_WRAP } from '../shared';

/** The mesh cell's least width: the title and the chips fit on one line each. */
export const MESH_COLUMN_MIN_WIDTH = 200;
const MESH_DESCRIPTION_MAX_WIDTH = 240;

/** Joins words with no-break spaces: `2 waiting runs` never ends a line after `2`. */
function unit(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/**
 * The mesh: its title (a link to the entity), its tier and environment as chips, where it lives
 * (`mesh-id · account · region`, each on one line) and its description clamped to one line.
 */
export function MeshCell(props: { mesh: MeshListItem }) {
  const { mesh } = props;
  const ids = [mesh.meshId, mesh.awsAccount, mesh.region].filter(
    (id): id is string => !!id,
  );
  return (
    <>
      <span style={NO_WRAP}>
        <EntityRefLink entityRef={mesh.entityRef}>
          {mesh.title ?? mesh.name}
        </EntityRefLink>
      </span>
      <Box
        display="flex"
        flexWrap="wrap"
        my={0.5}
        style={{ gap: 4 }}
        role="group"
        aria-label="Tier and environment"
      >
        {mesh.tier && (
          <Chip size="small" label={mesh.tier} title="Tier" style={NO_WRAP} />
        )}
        <Chip
          size="small"
          variant="outlined"
          label={mesh.environment ?? 'environment not set'}
          title="Environment"
          style={NO_WRAP}
        />
      </Box>
      <Typography variant="caption" component="div" color="textSecondary">
        {ids.map((id, index) => (
          <Fragment key={id}>
            {index > 0 && ' · '}
            <span style={NO_WRAP}>{id}</span>
          </Fragment>
        ))}
      </Typography>
      {mesh.description && (
        // One line, cut with an ellipsis; the full text on hover.
        <Typography
          variant="body2"
          title={mesh.description}
          style={{
            maxWidth: MESH_DESCRIPTION_MAX_WIDTH,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {mesh.description}
        </Typography>
      )}
    </>
  );
}

/**
 * The mesh's lanes as compact chips, e.g. `2 read_only`, `1 dry_run`, `0 execute`: only the lanes its tier has
 * (a small mesh has no `execute` lane, so it shows no `0 execute`).
 */
export function LanesSummaryCell(props: { mesh: MeshListItem }) {
  const { lanes, tier } = props.mesh;
  if (!lanes) {
    return <span style={NO_WRAP}>not read yet</span>;
  }
  const tierLanes = tier ? TIER_LANES[tier] : LANES;
  const text = tierLanes.map(lane => `${lanes[lane]} ${lane}`).join(' · ');
  return (
    // One chip a line: the column stays narrow so the table fits, and no chip breaks.
    <CompactColumn aria-label={`Lanes: ${text}`} role="group">
      {tierLanes.map(lane => (
        <Chip
          key={lane}
          size="small"
          variant={lanes[lane] > 0 ? 'default' : 'outlined'}
          color={lane === 'execute' && lanes[lane] > 0 ? 'primary' : 'default'}
          label={`${lanes[lane]} ${lane}`}
          style={NO_WRAP}
        />
      ))}
    </CompactColumn>
  );
}

/** The budget the list compares with: the mesh's own when it has one, else what the backend applied. */
function budgetOf(mesh: MeshListItem, cost: CostSummary): number | undefined {
  return mesh.monthlyBudgetUsd ?? cost.budget;
}

/**
 * Month to date against this mesh's budget: `$42.10 of $300.00`, percent used and a bar. The lines wrap
 * between amounts, never inside one.
 */
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
  const money = (amount: number) => unit(formatMoney(amount, cost.currency));
  return (
    <div>
      <Typography variant="body2">
        {money(cost.monthToDate)}
        {budget !== undefined
          ? ` ${unit(`of ${money(budget)}`)}`
          : `, ${unit('no budget')}`}
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
          <Typography variant="caption" component="div">
            {unit(`${percent.toFixed(1)}% used`)}
            {cost.forecastMonth !== undefined && budget !== undefined
              ? `, ${unit(`forecast ${money(cost.forecastMonth)}`)}${
                  cost.forecastMonth > budget ? `, ${unit('over budget')}` : ''
                }`
              : ''}
          </Typography>
        </>
      )}
    </div>
  );
}

/** Promotion requests and waiting runs that wait for a person, e.g. `1 request · 2 waiting runs`. */
export function pendingApprovalsText(mesh: MeshListItem): string {
  const pending = mesh.pendingApprovals;
  if (!pending) {
    return 'unknown';
  }
  if (pending.promotionRequests === 0 && pending.waitingRuns === 0) {
    return 'none';
  }
  const plural = (n: number, word: string) =>
    unit(`${n} ${word}${n === 1 ? '' : 's'}`);
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
