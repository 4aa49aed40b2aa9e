/**
 * `npx tsx bench/notify-orders.ts [seconds]`: market orders on 50 connections (as bench/http.ts)
 * with notifications off, then with every fill a notification (the browser channel on for
 * order_filled: one outbox row per fill in the ledger's transaction, the sender's loop marking it).
 */
import { loadgen, orderLoad, startOurs } from './http.js';

const seconds = Number(process.argv[2] ?? 4);
for (const on of [false, true, false, true]) {
  const target = await startOurs();
  if (on) {
    const res = await fetch(`${target.url}/api/notifications/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ browser: { enabled: true, events: ['order_filled'] } }),
    });
    if (!res.ok) throw new Error(`config: ${res.status}`);
  }
  const load = await loadgen(orderLoad(target.url, 50, seconds));
  console.log(`notifications ${on ? 'on ' : 'off'}: ${Math.round(load.total / load.duration)} orders/s`);
  await target.close();
}
