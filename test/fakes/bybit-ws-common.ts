/**
 * What the fake's Bybit WebSocket endpoints share: a connection id, sending that honours the
 * `malformed` fault, and reading a client frame as a JSON object.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Faults } from './faults.js';

export interface WsConn {
  readonly ws: WebSocket;
  readonly connId: string;
}

export function newConnId(): string {
  return `${randomUUID().slice(0, 20)}-${Math.floor(Math.random() * 1000)}`;
}

export function sendJson(conn: WsConn, faults: Faults, msg: unknown): void {
  if (conn.ws.readyState !== WebSocket.OPEN) return;
  const text = JSON.stringify(msg);
  conn.ws.send(faults.malformed ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
}

/** The client frame as an object, or null when it is not JSON (Bybit ignores such frames). */
export function parseFrame(data: WebSocket.RawData): Record<string, unknown> | null {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Subscribe / unsubscribe topic arguments: an array of strings, or null. */
export function topicArgs(msg: Record<string, unknown>): string[] | null {
  const args = msg.args;
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) return null;
  return args as string[];
}
