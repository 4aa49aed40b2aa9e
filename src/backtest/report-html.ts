import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BacktestResult } from './run-backtest.js';

/** The standalone build of the chart library the page uses too (a dependency of the project). */
const BUNDLE = fileURLToPath(new URL('../../node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js', import.meta.url));

/** lightweight-charts' standalone bundle (a global LightweightCharts), read once. */
let bundle: string | null = null;
function chartsBundle(): string {
  bundle ??= readFileSync(BUNDLE, 'utf8');
  return bundle;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe inside <script>: no '<' can close the element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

const LABELS: [keyof BacktestResult['stats'], string, 'pct' | 'num' | 'ms'][] = [
  ['return_pct', 'Return', 'pct'],
  ['annual_return', 'Annualized return', 'pct'],
  ['buy_and_hold_return', 'Buy and hold', 'pct'],
  ['win_rate', 'Win rate', 'pct'],
  ['profit_factor', 'Profit factor', 'num'],
  ['expectancy', 'Expectancy', 'num'],
  ['sqn', 'SQN', 'num'],
  ['max_drawdown', 'Max drawdown', 'num'],
  ['max_drawdown_pct', 'Max drawdown %', 'pct'],
  ['max_drawdown_duration_ms', 'Max drawdown duration', 'ms'],
  ['sharpe', 'Sharpe (daily, annualized)', 'num'],
  ['sortino', 'Sortino (daily, annualized)', 'num'],
  ['calmar', 'Calmar', 'num'],
  ['var_95', 'VaR 95 (per trade)', 'num'],
  ['var_99', 'VaR 99 (per trade)', 'num'],
  ['exposure', 'Exposure', 'pct'],
];

function cell(v: unknown, kind: 'pct' | 'num' | 'ms'): string {
  if (typeof v !== 'number') return '—';
  if (kind === 'pct') return `${(v * 100).toFixed(2)} %`;
  if (kind === 'ms') return `${(v / 3_600_000).toFixed(1)} h`;
  return String(Math.round(v * 1e4) / 1e4);
}

/**
 * The report of a run as one HTML file that opens offline: the statistics table, the equity curve,
 * its drawdown, and the trades on the price chart (entries and exits as markers), drawn by the
 * lightweight-charts bundle inlined in the page.
 */
export function backtestReportHtml(r: BacktestResult): string {
  const rows = [
    ['Trades', String(r.trade_count)],
    ['Net PnL', String(r.net_pnl)],
    ['Fees', String(r.fees)],
    ['Funding', String(r.funding)],
    ['Ending equity', String(r.ending_equity)],
    ...LABELS.map(([k, label, kind]) => [label, cell(r.stats[k], kind)]),
  ]
    .map(([k, v]) => `<tr><th>${esc(k!)}</th><td>${esc(v!)}</td></tr>`)
    .join('');
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const data = { curve: r.equity_curve, trades: r.trades.map((t) => [t.side, t.entry_time, t.entry_price, t.exit_time, t.exit_price, t.pnl]) };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backtest ${esc(r.strategy)} ${esc(r.symbol)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:16px;background:#111;color:#ddd}h1{font-size:18px}
.grid{display:grid;grid-template-columns:minmax(260px,320px) 1fr;gap:16px}table{border-collapse:collapse;width:100%}
th,td{padding:3px 6px;border-bottom:1px solid #333;text-align:left}td{text-align:right;font-variant-numeric:tabular-nums}
.chart{height:300px;margin-bottom:12px}.small{height:160px}h2{font-size:14px;margin:4px 0}
</style></head><body>
<h1>${esc(r.strategy)} ${esc(params)} — ${esc(r.symbol)}, ${r.bars} bars, ${esc(new Date(r.from).toISOString())} → ${esc(new Date(r.to).toISOString())}, fees ${r.fee_bps} bps, slippage ${r.slippage_bps} bps</h1>
<div class="grid"><table id="stats">${rows}</table><div>
<h2>Price and trades</h2><div id="price" class="chart"></div>
<h2>Equity</h2><div id="equity" class="chart small"></div>
<h2>Drawdown</h2><div id="drawdown" class="chart small"></div>
</div></div>
<script>${chartsBundle()}</script>
<script>
(function(){
var D=${scriptJson(data)};var LC=window.LightweightCharts;
var opts={layout:{background:{color:'#111'},textColor:'#ccc'},grid:{vertLines:{color:'#222'},horzLines:{color:'#222'}},timeScale:{timeVisible:true},autoSize:true};
function line(points){var out=[],last=-1;points.sort(function(a,b){return a.time-b.time});for(var i=0;i<points.length;i++){var p=points[i];if(p.time>last){out.push(p);last=p.time}else{out[out.length-1]=p}}return out}
var s=function(ms){return Math.floor(ms/1000)};
var pricePts=D.curve.map(function(p){return{time:s(p.time),value:p.close}});
D.trades.forEach(function(t){pricePts.push({time:s(t[1]),value:t[2]});pricePts.push({time:s(t[3]),value:t[4]})});
var pc=LC.createChart(document.getElementById('price'),opts);var ps=pc.addSeries(LC.LineSeries,{color:'#8ab4f8',lineWidth:1});ps.setData(line(pricePts));
var few=D.trades.length<=60;var marks=[];D.trades.forEach(function(t){var long=t[0]==='LONG';marks.push({time:s(t[1]),position:long?'belowBar':'aboveBar',color:long?'#26a69a':'#ef5350',shape:long?'arrowUp':'arrowDown',text:few?(long?'L':'S'):''});marks.push({time:s(t[3]),position:long?'aboveBar':'belowBar',color:t[5]>0?'#26a69a':'#ef5350',shape:'circle',text:few?String(Math.round(t[5]*100)/100):''})});
marks.sort(function(a,b){return a.time-b.time});if(marks.length<=2000)LC.createSeriesMarkers(ps,marks);
var ec=LC.createChart(document.getElementById('equity'),opts);ec.addSeries(LC.AreaSeries,{lineColor:'#26a69a',topColor:'rgba(38,166,154,.4)',bottomColor:'rgba(38,166,154,0)'}).setData(line(D.curve.map(function(p){return{time:s(p.time),value:p.equity}})));
var peak=-Infinity;var dd=D.curve.map(function(p){peak=Math.max(peak,p.equity);return{time:s(p.time),value:p.equity-peak}});
var dc=LC.createChart(document.getElementById('drawdown'),opts);dc.addSeries(LC.AreaSeries,{lineColor:'#ef5350',topColor:'rgba(239,83,80,0)',bottomColor:'rgba(239,83,80,.4)',invertFilledArea:true}).setData(line(dd));
[pc,ec,dc].forEach(function(c){c.timeScale().fitContent()});
})();
</script></body></html>
`;
}
