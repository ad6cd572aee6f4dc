import { GateCheck } from './gateInput';

const usd = (amount: number) => `${amount.toFixed(2)} USD`;

/**
 * The mesh's cost forecast for the month stays within its budget. Without a forecast (Cost Explorer gives none
 * early in a month) the month-to-date cost is compared instead; without any cost data the gate fails.
 */
export const costForecast: GateCheck = input => {
  const base = {
    name: 'cost_forecast' as const,
    title: 'The monthly cost forecast is within the budget',
  };
  if (input.budget === undefined) {
    return {
      ...base,
      passed: false,
      reason:
        'The mesh has no budget: set the agent-mesh.io/monthly-budget-usd annotation or its tier',
    };
  }
  const threshold = input.budget;
  const cost = input.stored?.snapshot.cost;
  if (!cost?.summary) {
    const why =
      cost?.status === 'error'
        ? `${cost.error?.name ?? 'Error'}: ${cost.error?.message ?? ''}`
        : 'no cost has been read yet';
    return {
      ...base,
      threshold,
      passed: false,
      reason: `No cost data: ${why}`,
    };
  }
  const forecast = cost.summary.forecastMonth;
  const value = forecast ?? cost.summary.monthToDate;
  const what = forecast === undefined ? 'Month-to-date cost' : 'Forecast';
  const passed = value <= threshold;
  return {
    ...base,
    threshold,
    passed,
    value,
    reason: `${what} ${usd(value)} ${
      passed ? 'within' : 'over'
    } the budget of ${usd(threshold)}`,
  };
};
