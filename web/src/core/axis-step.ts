/**
 * The price axis's step: the tick when 1 / tick is a whole 2^a·5^b (what lightweight-charts can
 * divide by), else the tick's last decimal place (a rebased practice session's tick, 0.000398, is not).
 */
export function axisStep(tick: number): number {
  let base = Math.round(1 / tick);
  if (base >= 1 && Math.abs(base * tick - 1) < 1e-9) {
    while (base % 2 === 0) base /= 2;
    while (base % 5 === 0) base /= 5;
    if (base === 1) return tick;
  }
  const decimals = (tick.toString().split('.')[1] ?? '').length;
  return 10 ** -decimals;
}
