import { isLane, LANES, laneRank, nextLane } from './lanes';

describe('lanes', () => {
  it('orders lanes from least to most privileged', () => {
    expect(LANES).toEqual(['read_only', 'dry_run', 'execute']);
    expect(laneRank('read_only')).toBeLessThan(laneRank('dry_run'));
    expect(laneRank('dry_run')).toBeLessThan(laneRank('execute'));
  });

  it('promotes one step at a time and not past execute', () => {
    expect(nextLane('read_only')).toBe('dry_run');
    expect(nextLane('dry_run')).toBe('execute');
    expect(nextLane('execute')).toBeUndefined();
  });

  it.each([
    ['read_only', true],
    ['execute', true],
    ['EXECUTE', false],
    ['admin', false],
    [undefined, false],
    [3, false],
  ])('isLane(%p) is %p', (value, expected) => {
    expect(isLane(value)).toBe(expected);
  });
});
