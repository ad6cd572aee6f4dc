import { formatAge } from './age';

describe('formatAge', () => {
  it.each([
    [0, '0 s'],
    [12.4, '12 s'],
    [59.4, '59 s'],
    [60, '1 min'],
    [3599, '59 min'],
    [3600, '1 h'],
    [86399, '23 h'],
    [2 * 86400, '2 d'],
  ])('says %s seconds as %s', (seconds, expected) => {
    expect(formatAge(seconds)).toBe(expected);
  });
});
