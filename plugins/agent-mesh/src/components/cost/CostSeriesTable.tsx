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
            <TableCell>Period</TableCell>
            {columns.map(key => (
              <TableCell key={key} align="right">
                {key}
              </TableCell>
            ))}
            <TableCell align="right">Total</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(point => {
            const amounts = amountsOf(point, shown);
            return (
              <TableRow key={point.start}>
                <TableCell>{periodLabel(point, granularity)}</TableCell>
                {columns.map(key => (
                  <TableCell key={key} align="right">
                    {money(amounts.get(key) ?? 0)}
                  </TableCell>
                ))}
                <TableCell align="right" style={{ minWidth: 120 }}>
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
