import { describe, expect, it } from 'vitest';
import { formatWanYuan, formatYuan, sumFen, toFen } from '../src/lib/money.ts';

describe('money', () => {
  it('shows the seed batch exactly both ways', () => {
    const fen = toFen('146122.00');
    expect(fen).toBe(14612200n);
    expect(formatWanYuan(fen)).toBe('14.6122万元');
    expect(formatYuan(fen)).toBe('¥146,122.00');
  });

  it('keeps fen through sums that binary floats get wrong', () => {
    expect(formatYuan(sumFen(['0.10', '0.20']))).toBe('¥0.30');
    expect(formatWanYuan(sumFen(['146122.00', '98000.01']))).toBe('24.412201万元');
  });

  it('shows round amounts without trailing zeros', () => {
    expect(formatWanYuan(toFen('100000.00'))).toBe('10万元');
    expect(formatWanYuan(toFen('5000.00'))).toBe('0.5万元');
    expect(formatYuan(toFen('0.05'))).toBe('¥0.05');
  });

  it('refuses what is not an exact amount', () => {
    expect(() => toFen('146122')).toThrow('146122.00');
    expect(() => toFen('1.5e5')).toThrow();
  });
});
