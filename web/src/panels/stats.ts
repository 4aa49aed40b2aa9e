import type { RiskView, Stats } from '../core/api-types.js';
import { fmtNum, fmtPct, fmtSigned, tone } from '../core/format.js';
import { byId } from '../ui/dom.js';
import { t } from '../ui/i18n-dom.js';

/** Session statistics of the current mode (GET /api/trading/stats). */
export function renderStats(s: Stats): void {
  byId('st-trades').textContent = `${s.trades} (${s.wins}/${s.losses})`;
  byId('st-winrate').textContent = fmtPct(s.win_rate);
  const net = byId('st-net');
  net.textContent = fmtSigned(s.net_pnl);
  net.className = tone(s.net_pnl);
  net.dataset.value = String(s.net_pnl);
  byId('st-pf').textContent = s.profit_factor === null ? '—' : fmtNum(s.profit_factor, 2);
  byId('st-fees').textContent = fmtNum(s.fees, 2);
  byId('st-trades').dataset.value = String(s.trades);
}

/** The risk banner: ACTIVE / REDUCING / HALTED with the reason, and the day's PnL against the loss limit. */
export function renderRisk(r: RiskView): void {
  const state = r.state.trading_state;
  byId('risk').dataset.state = state;
  byId('risk-state').textContent = t(`state_${state}`);
  byId('risk-reason').textContent = r.state.reason ?? '';
  const day = byId('risk-day');
  day.textContent = fmtSigned(r.state.daily_pnl);
  day.className = tone(r.state.daily_pnl);
  const limit = r.limits.max_daily_loss;
  byId('risk-limit').textContent = limit === null ? t('no_limit') : `\u2212${fmtNum(limit, 2)}`;
  const used = limit ? Math.min(1, Math.max(0, -r.state.daily_pnl / limit)) : 0;
  const meter = byId('risk-meter');
  meter.parentElement!.hidden = limit === null;
  meter.style.width = `${(used * 100).toFixed(1)}%`;
  meter.className = used > 0.8 ? 'hot' : used > 0.5 ? 'warm' : '';
}
