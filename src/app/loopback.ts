import { isIPv4 } from 'node:net';

/** True for an address only this machine can reach: 127.0.0.0/8, ::1 (also as ::ffff:127.x.x.x) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^::ffff:(.+)$/.exec(h)?.[1] ?? h;
  return isIPv4(v4) && v4.startsWith('127.');
}
