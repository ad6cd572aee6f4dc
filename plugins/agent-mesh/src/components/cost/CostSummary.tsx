import { StructuredMetadataTable } from '@backstage/core-components';
import LinearProgress from '@material-ui/core/LinearProgress';
import { formatMoney } from '../../format/numbers';

/** Month to date against the budget, and the month's forecast. */
export function CostSummary(props: {
  currency: string;
  monthToDate: number;
  budget?: number;
  forecast?: number;
}) {
  const { currency, monthToDate, budget, forecast } = props;
  const percent =
    budget !== undefined && budget > 0
      ? Math.round((monthToDate / budget) * 1000) / 10
      : undefined;

  const metadata: Record<string, unknown> = {
    'Month to date': formatMoney(monthToDate, currency),
  };
  if (budget !== undefined) {
    metadata.Budget = (
      <>
        {formatMoney(budget, currency)} a month
        {percent !== undefined && (
          <>
            {`, ${percent.toFixed(1)}% used`}
            <LinearProgress
              variant="determinate"
              color={percent >= 100 ? 'secondary' : 'primary'}
              value={Math.min(percent, 100)}
              aria-label="Share of the monthly budget used"
            />
          </>
        )}
      </>
    );
  } else {
    metadata.Budget = 'not set';
  }
  if (forecast !== undefined) {
    metadata['Forecast for the month'] =
      budget !== undefined && forecast > budget
        ? `${formatMoney(forecast, currency)}, over budget`
        : formatMoney(forecast, currency);
  }
  metadata.Currency = currency;

  return (
    <StructuredMetadataTable
      metadata={metadata}
      options={{ titleFormat: key => key }}
    />
  );
}
