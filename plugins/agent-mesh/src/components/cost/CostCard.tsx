import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CostGranularity,
  CostGroupBy,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { agentMeshApiRef, MeshRef } from '../../api';
import { formatAge } from '../../format/age';
import {
  MeshRequestError,
  panelHasData,
  PanelNotice,
  shortDate,
} from '../shared';
import { agentCostSeries } from './agentCost';
import { CostChart } from './CostChart';
import { CostSeriesTable } from './CostSeriesTable';
import { CostSummary } from './CostSummary';

const GRANULARITIES: Array<[CostGranularity, string]> = [
  ['DAILY', 'Daily'],
  ['MONTHLY', 'Monthly'],
];
const GROUPS: Array<[CostGroupBy, string]> = [
  ['SERVICE', 'Service'],
  ['AGENT', 'Agent'],
  ['LANE', 'Lane'],
];

/**
 * How old the cost is: the backend asks Cost Explorer at most once a day per mesh (each request is charged), and
 * Cost Explorer's own data changes only a few times a day.
 */
function costAge(fetchedAt: string): string {
  const ageSeconds = Math.max(0, (Date.now() - Date.parse(fetchedAt)) / 1000);
  return `Read from Cost Explorer ${formatAge(ageSeconds)} ago (${shortDate(
    new Date(fetchedAt),
  )}); Cost Explorer updates its data a few times a day`;
}

function Toggle<T extends string>(props: {
  label: string;
  options: Array<[T, string]>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <ButtonGroup size="small" aria-label={props.label}>
      {props.options.map(([value, text]) => (
        <Button
          key={value}
          aria-pressed={props.value === value}
          variant={props.value === value ? 'contained' : 'outlined'}
          color={props.value === value ? 'primary' : 'default'}
          onClick={() => props.onChange(value)}
        >
          {text}
        </Button>
      ))}
    </ButtonGroup>
  );
}

/**
 * The mesh's cost from the backend's cached Cost Explorer answers: month to date against the budget, the
 * month's forecast, and the series of the current and two previous months, daily or monthly, split by
 * service, agent or lane.
 */
export function CostCard(props: {
  mesh: MeshRef;
  /** Only this agent's cost, from the series grouped by agent (the agent's own page). */
  agent?: string;
}) {
  const { mesh, agent } = props;
  const api = useApi(agentMeshApiRef);
  const [granularity, setGranularity] = useState<CostGranularity>('DAILY');
  const [chosenGroupBy, setGroupBy] = useState<CostGroupBy>('SERVICE');
  const groupBy: CostGroupBy = agent ? 'AGENT' : chosenGroupBy;
  const {
    value: answer,
    loading,
    error,
  } = useAsync(
    () => api.getCost(mesh, { granularity, groupBy }),
    [api, mesh, granularity, groupBy],
  );
  const value = answer && agent ? agentCostSeries(answer, agent) : answer;
  const groupLabel = GROUPS.find(([g]) => g === groupBy)![1].toLowerCase();

  let body;
  if (error) {
    body = <MeshRequestError error={error} />;
  } else if (!value) {
    body = <Progress />;
  } else {
    body = (
      <>
        <PanelNotice label="Cost" panel={value} />
        {panelHasData(value) && (
          <>
            <CostSummary
              currency={value.currency}
              monthToDate={value.monthToDate}
              budget={value.budget}
              forecast={value.forecast?.amount}
            />
            {agent && (
              <Typography variant="caption" color="textSecondary">
                The budget and the forecast belong to the mesh: see its cost
                tab.
              </Typography>
            )}
            <Box
              display="flex"
              flexWrap="wrap"
              mt={2}
              mb={1}
              style={{ gap: 16 }}
            >
              <Toggle
                label="Granularity"
                options={GRANULARITIES}
                value={granularity}
                onChange={setGranularity}
              />
              {!agent && (
                <Toggle
                  label="Group by"
                  options={GROUPS}
                  value={groupBy}
                  onChange={setGroupBy}
                />
              )}
            </Box>
            {loading && <Progress />}
            {value.points.length === 0 ? (
              <Typography variant="body2">No cost recorded yet.</Typography>
            ) : (
              <>
                <CostChart
                  points={value.points}
                  currency={value.currency}
                  granularity={value.granularity}
                  groupLabel={groupLabel}
                  budget={value.budget}
                  forecast={value.forecast}
                />
                <CostSeriesTable
                  points={value.points}
                  currency={value.currency}
                  granularity={value.granularity}
                  groupLabel={groupLabel}
                />
              </>
            )}
          </>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title={agent ? `Cost of ${agent}` : 'Cost'}
      subheader={value?.fetchedAt ? costAge(value.fetchedAt) : undefined}
    >
      {body}
    </InfoCard>
  );
}
