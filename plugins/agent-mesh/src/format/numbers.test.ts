import { formatMoney, formatRate } from './numbers';

describe('formatMoney', () => {
  it('formats USD with the dollar sign and two decimals', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(0, 'USD')).toBe('$0.00');
  });

  it('keeps the code of a currency Intl does not know', () => {
    expect(formatMoney(3, 'not-a-currency')).toBe('3.00 not-a-currency');
  });
});

describe('formatRate', () => {
  it('shows a rate as a percent with one decimal', () => {
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(0.125)).toBe('12.5%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(1)).toBe('100.0%');
  });
});
