/**
 * Yuan amounts arrive as exact decimal strings ("146122.00") and are only ever handled as
 * integers of fen (BigInt), so no figure on the site is rounded by binary floating point.
 */
export function toFen(yuan: string): bigint {
  const match = /^(\d+)\.(\d{2})$/.exec(yuan);
  if (!match) throw new Error(`金额格式应为 "146122.00"，收到 "${yuan}"`);
  return BigInt(match[1] as string) * 100n + BigInt(match[2] as string);
}

/** ¥146,122.00 */
export function formatYuan(fen: bigint): string {
  const yuan = (fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${yuan}.${(fen % 100n).toString().padStart(2, '0')}`;
}

/** 14.6122万元: the amount in units of 10,000 yuan, exact, without trailing zeros. */
export function formatWanYuan(fen: bigint): string {
  const wan = fen / 1_000_000n;
  const rest = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${wan}${rest ? `.${rest}` : ''}万元`;
}

export function sumFen(amounts: string[]): bigint {
  return amounts.reduce((total, amount) => total + toFen(amount), 0n);
}
