/** An amount of money in its currency, e.g. `$1,234.50` for USD. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
    }).format(amount);
  } catch {
    // An unknown currency code: still show the amount and the code.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** A rate between 0 and 1 as a percent with one decimal, e.g. `12.5%`. */
export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
