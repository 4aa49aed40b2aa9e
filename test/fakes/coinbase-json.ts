/**
 * The fake Coinbase's order, fill and account objects in Advanced Trade's shapes: `order` of
 * GET /orders/historical/{id} and /orders/historical/batch, a fill of /orders/historical/fills, an
 * account of /accounts, the fee tier of /transaction_summary, and an order of the `user` stream.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { Balance, CoinbaseFill, CoinbaseOrder, FeeTier } from './coinbase-orders.js';
import { iso, txt } from './coinbase-wire.js';

export const USER_ID = '3a1c7f0e-fake-user';
export const PORTFOLIO_ID = '8d2b44c1-fake-portfolio';
const FIAT = new Set(['USD', 'EUR', 'GBP']);

const average = (o: CoinbaseOrder): Decimal => (o.filled.sign() > 0 ? o.filledValue.div(o.filled, 8).normalize() : Decimal.ZERO);

export function orderJson(o: CoinbaseOrder): Record<string, unknown> {
  const size = o.baseSize;
  return {
    order_id: o.orderId,
    product_id: o.product.id,
    user_id: USER_ID,
    order_configuration: o.configuration,
    side: o.side,
    client_order_id: o.clientOrderId,
    status: o.status,
    time_in_force: o.timeInForce,
    created_time: iso(o.createdAt),
    completion_percentage: size && size.sign() > 0 ? txt(o.filled.mul(Decimal.fromInt(100)).div(size, 2)) : o.status === 'FILLED' ? '100' : '0',
    filled_size: txt(o.filled),
    average_filled_price: txt(average(o)),
    fee: '',
    number_of_fills: '0',
    filled_value: txt(o.filledValue),
    pending_cancel: false,
    size_in_quote: size === null,
    total_fees: txt(o.fees),
    size_inclusive_of_fees: false,
    total_value_after_fees: txt(o.side === 'BUY' ? o.filledValue.add(o.fees) : o.filledValue.sub(o.fees)),
    trigger_status: 'INVALID_ORDER_TYPE',
    order_type: o.type,
    reject_reason: 'REJECT_REASON_UNSPECIFIED',
    settled: o.status !== 'OPEN',
    product_type: 'SPOT',
    reject_message: '',
    cancel_message: o.status === 'CANCELLED' ? 'User requested cancel' : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: txt(o.hold),
    is_liquidation: false,
    last_fill_time: o.lastFillAt === null ? null : iso(o.lastFillAt),
    edit_history: [],
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: PORTFOLIO_ID,
  };
}

export function fillJson(f: CoinbaseFill): Record<string, unknown> {
  return {
    entry_id: f.entryId,
    trade_id: f.tradeId,
    order_id: f.order.orderId,
    trade_time: iso(f.time),
    trade_type: 'FILL',
    price: txt(f.price),
    size: txt(f.size),
    commission: txt(f.commission),
    product_id: f.order.product.id,
    sequence_timestamp: iso(f.time),
    liquidity_indicator: f.liquidity,
    size_in_quote: false,
    user_id: USER_ID,
    side: f.order.side,
    retail_portfolio_id: PORTFOLIO_ID,
  };
}

export function accountJson(currency: string, b: Balance): Record<string, unknown> {
  const fiat = FIAT.has(currency);
  return {
    uuid: `${currency.toLowerCase()}-0000-4000-8000-fakeaccount`,
    name: fiat ? `${currency} Wallet` : `${currency} Wallet`,
    currency,
    available_balance: { value: txt(b.available), currency },
    default: true,
    active: true,
    created_at: '2024-01-02T10:00:00.000000Z',
    updated_at: '2024-01-02T10:00:00.000000Z',
    deleted_at: null,
    type: fiat ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: txt(b.hold), currency },
    retail_portfolio_id: PORTFOLIO_ID,
  };
}

export function transactionSummary(fees: FeeTier, volume: Decimal, paid: Decimal): Record<string, unknown> {
  return {
    total_volume: Number(volume.toString()),
    total_fees: Number(paid.toString()),
    fee_tier: { pricing_tier: 'Advanced 1', usd_from: '0', usd_to: '10000', taker_fee_rate: fees.taker, maker_fee_rate: fees.maker, aop_from: '', aop_to: '' },
    margin_rate: null,
    goods_and_services_tax: null,
    advanced_trade_only_volume: Number(volume.toString()),
    advanced_trade_only_fees: Number(paid.toString()),
    coinbase_pro_volume: 0,
    coinbase_pro_fees: 0,
    total_balance: '',
    has_promo_fee: false,
  };
}

/** An order as the `user` channel sends it. */
export function wsOrderJson(o: CoinbaseOrder): Record<string, unknown> {
  return {
    avg_price: txt(average(o)),
    cancel_reason: '',
    client_order_id: o.clientOrderId,
    completion_percentage: o.status === 'FILLED' ? '100.00' : '0',
    contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE',
    cumulative_quantity: txt(o.filled),
    filled_value: txt(o.filledValue),
    leaves_quantity: txt(o.baseSize ? o.baseSize.sub(o.filled) : Decimal.ZERO),
    limit_price: txt(o.limitPrice ?? Decimal.ZERO),
    number_of_fills: '0',
    order_id: o.orderId,
    order_side: o.side,
    order_type: o.type === 'MARKET' ? 'Market' : 'Limit',
    outstanding_hold_amount: txt(o.hold),
    post_only: o.postOnly ? 'true' : 'false',
    product_id: o.product.id,
    product_type: 'SPOT',
    reject_reason: '',
    retail_portfolio_id: PORTFOLIO_ID,
    risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE',
    status: o.status,
    stop_price: '',
    time_in_force: o.timeInForce,
    total_fees: txt(o.fees),
    total_value_after_fees: txt(o.side === 'BUY' ? o.filledValue.add(o.fees) : o.filledValue.sub(o.fees)),
    trigger_status: 'INVALID_ORDER_TYPE',
    creation_time: iso(o.createdAt),
    end_time: '0001-01-01T00:00:00Z',
    start_time: '0001-01-01T00:00:00Z',
  };
}
