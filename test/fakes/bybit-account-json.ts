/**
 * Bybit v5 shapes of the account: `/v5/account/wallet-balance` entries (also the `wallet` WS
 * topic) and `/v5/position/list` entries (also the `position` WS topic).
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { BybitAccount, LinearPosition } from './bybit-account.js';
import type { BybitInstruments, BybitSpec } from './bybit-instruments.js';
import { money } from './bybit-wire.js';

const ZERO = Decimal.ZERO;

/** USD value of one unit of a coin: USDT at 1, a base coin at its linear last price. */
export type UsdPrice = (coin: string) => Decimal;

function ratio(a: Decimal, b: Decimal): string {
  return b.sign() <= 0 ? '0' : a.div(b, 4, 'half-up').toString();
}

export function walletJson(acc: BybitAccount, usd: UsdPrice, onlyCoins?: readonly string[]): Record<string, unknown> {
  const t = acc.totals();
  const orderIM = acc.orderIM();
  const coins = acc.coins().filter((c) => onlyCoins === undefined || onlyCoins.includes(c));
  let totalWallet = ZERO;
  let totalEquity = ZERO;
  const coin = coins.map((c) => {
    const wallet = acc.walletBalance(c);
    const isUsdt = c === 'USDT';
    const upl = isUsdt ? t.upl : ZERO;
    const equity = wallet.add(upl);
    const usdValue = equity.mul(usd(c));
    totalWallet = totalWallet.add(wallet.mul(usd(c)));
    totalEquity = totalEquity.add(usdValue);
    return {
      coin: c,
      equity: money(equity),
      usdValue: money(usdValue),
      walletBalance: money(wallet),
      free: '',
      locked: money(acc.locked(c)),
      spotHedgingQty: '0',
      borrowAmount: '0',
      availableToWithdraw: '',
      availableToBorrow: '',
      accruedInterest: '0',
      totalOrderIM: money(isUsdt ? orderIM : ZERO),
      totalPositionIM: money(isUsdt ? t.positionIM : ZERO),
      totalPositionMM: money(isUsdt ? t.positionMM : ZERO),
      unrealisedPnl: money(upl),
      cumRealisedPnl: money(acc.cumRealised(c)),
      bonus: '0',
      marginCollateral: true,
      collateralSwitch: true,
      spotBorrow: '0',
    };
  });
  const totalIM = t.positionIM.add(orderIM);
  const marginBalance = totalWallet.add(t.upl);
  const available = marginBalance.sub(totalIM).sub(acc.locked('USDT'));
  return {
    accountType: 'UNIFIED',
    accountIMRate: ratio(totalIM, marginBalance),
    accountMMRate: ratio(t.positionMM, marginBalance),
    accountLTV: '0',
    totalEquity: money(totalEquity),
    totalWalletBalance: money(totalWallet),
    totalMarginBalance: money(marginBalance),
    totalAvailableBalance: money(available.max(ZERO)),
    totalPerpUPL: money(t.upl),
    totalInitialMargin: money(totalIM),
    totalMaintenanceMargin: money(t.positionMM),
    coin,
  };
}

export function positionJson(
  acc: BybitAccount,
  inst: BybitInstruments,
  spec: BybitSpec,
  p: LinearPosition | undefined,
  mark: Decimal,
  forWs = false,
): Record<string, unknown> {
  const size = p?.size ?? ZERO;
  const avg = p?.avgPrice ?? ZERO;
  const value = size.abs().mul(avg);
  const json: Record<string, unknown> = {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: spec.symbol,
    side: size.sign() > 0 ? 'Buy' : size.sign() < 0 ? 'Sell' : '',
    size: inst.qty(spec, size.abs()),
    avgPrice: size.isZero() ? '0' : avg.toString(),
    positionValue: money(value),
    tradeMode: 0,
    autoAddMargin: 0,
    positionStatus: 'Normal',
    leverage: acc.leverage(spec.symbol).toString(),
    markPrice: inst.price(spec, mark),
    liqPrice: '',
    bustPrice: '',
    positionIM: money(p ? acc.positionIM(p) : ZERO),
    positionMM: money(p ? acc.positionMM(p) : ZERO),
    positionBalance: '0',
    takeProfit: '0.00',
    stopLoss: '0.00',
    trailingStop: '0.00',
    sessionAvgPrice: '',
    unrealisedPnl: money(p ? acc.unrealised(p) : ZERO),
    curRealisedPnl: money(p?.curRealised ?? ZERO),
    cumRealisedPnl: money(p?.cumRealised ?? ZERO),
    adlRankIndicator: size.isZero() ? 0 : 2,
    createdTime: String(p?.createdTime ?? 0),
    updatedTime: String(p?.updatedTime ?? 0),
    seq: p?.seq ?? -1,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    tpslMode: 'Full',
    delta: '',
    gamma: '',
    vega: '',
    theta: '',
  };
  if (forWs) {
    json.category = 'linear';
    json.entryPrice = json.avgPrice;
  }
  return json;
}
