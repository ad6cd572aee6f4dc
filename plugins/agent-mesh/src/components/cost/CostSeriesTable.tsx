import {
  CostGranularity,
  CostPoint,
} from '@agent-mesh/plugin-agent-mesh-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { formatMoney } from '../../format/numbers';
import { NO_WRAP, WRAP_WORDS } from '../shared';
import { amountsOf, groupColumns, OTHER, periodLabel } from './costGroups';

/** The cost series as a table, newest period first, one column per group and a bar for each period's total. */
export function CostSeriesTable(props: {
  points: CostPoint[];
  currency: string;
  granularity: CostGranularity;
  groupLabel: string;
}) {
  const { points, currency, granularity, groupLabel } = props;
  const { shown, other } = groupColumns(points);
  const columns = other ? [...shown, OTHER] : shown;
  const max = Math.max(0, ...points.map(p => p.total));
  const rows = [...points].reverse();
  const money = (amount: number) => formatMoney(amount, currency);

  return (
    <Box maxHeight={480} overflow="auto">
      <Table size="small" stickyHeader aria-label={`Cost by ${groupLabel}`}>
        <TableHead>
          <TableRow>
            <TableCell style={NO_WRAP}>Period</TableCell>
            {columns.map(key => (
              // A group's name wraps between words only ("Amazon Elastic / Container Service").
              <TableCell key={key} align="right" style={WRAP_WORDS}>
                {key}
              </TableCell>
            ))}
            <TableCell align="right" style={NO_WRAP}>
              Total
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(point => {
            const amounts = amountsOf(point, shown);
            return (
              <TableRow key={point.start}>
                <TableCell style={NO_WRAP}>
                  {periodLabel(point, granularity)}
                </TableCell>
                {columns.map(key => (
                  <TableCell key={key} align="right" style={NO_WRAP}>
                    {money(amounts.get(key) ?? 0)}
                  </TableCell>
                ))}
                <TableCell align="right" style={{ minWidth: 120, ...NO_WRAP }}>
                  {money(point.total)}
                  <LinearProgress
                    variant="determinate"
                    value={max > 0 ? (point.total / max) * 100 : 0}
                    aria-hidden
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
