import { describe, expect, it } from 'vitest';
import { CLIENT_ID_RULES, ClientIdCodec, fitClientId } from '../../../src/adapters/ccxt/wire-client-id.js';

const alphanumericClientId = fitClientId(CLIENT_ID_RULES.okx);

const OKX_RULE = /^[A-Za-z0-9]{1,32}$/; // clOrdId / algoClOrdId, OKX v5 "Place order"

describe('fitClientId: OKX (clOrdId: 1-32 letters and digits)', () => {
  it('keeps an id that already fits, as it is', () => {
    for (const id of ['a', 'okxlive1', 'X'.repeat(32), '0123456789']) expect(alphanumericClientId(id)).toBe(id);
  });

  it('turns any other id into st + 30 base-62 digits, the same every time, distinct for distinct ids', () => {
    const ours = ['st-7', 'st-7-tp', 'st-7-tp_2', 'st-7-sl', 'scalp-btc:1.a_b', 'X'.repeat(33), 'liquidation-12', 'a-b', 'ab-'];
    const wire = ours.map(alphanumericClientId);
    for (const w of wire) expect(w).toMatch(OKX_RULE);
    for (const w of wire) expect(w).toMatch(/^st[0-9A-Za-z]{30}$/);
    expect(new Set(wire).size).toBe(ours.length);
    expect(ours.map(alphanumericClientId)).toEqual(wire);
    // Pinned: an order sent by an earlier version is found again by the same id after an upgrade.
    expect(alphanumericClientId('st-7')).toBe('stZYG4CdlRwxtiYVebbNANVP9WNpTd5d');
  });
});

describe('ClientIdCodec', () => {
  it("reads the venue's form back as ours once it was sent or expected; a foreign id stays as it is", () => {
    const codec = new ClientIdCodec(alphanumericClientId);
    const wire = codec.encode('st-41-tp');
    expect(codec.decode(wire)).toBe('st-41-tp');
    expect(codec.decode('okxlive1')).toBe('okxlive1');
    expect(codec.decode('someoneelse')).toBe('someoneelse');
    // A fresh codec (a restart) does not know it until the id is encoded again.
    const restarted = new ClientIdCodec(alphanumericClientId);
    expect(restarted.decode(wire)).toBe(wire);
    restarted.encode('st-41-tp');
    expect(restarted.decode(wire)).toBe('st-41-tp');
  });

  it('keeps at most `keep` pairs, dropping the oldest', () => {
    const codec = new ClientIdCodec(alphanumericClientId, 3);
    const wires = ['a-1', 'a-2', 'a-3', 'a-4'].map((id) => codec.encode(id));
    expect(codec.decode(wires[0]!)).toBe(wires[0]);
    expect(wires.slice(1).map((w) => codec.decode(w))).toEqual(['a-2', 'a-3', 'a-4']);
  });
});

describe('fitClientId: Binance and Bybit (36 characters)', () => {
  const binance = fitClientId(CLIENT_ID_RULES.binance);
  const bybit = fitClientId(CLIENT_ID_RULES.bybit);
  const long = 'a'.repeat(36);

  it("keeps what each takes: Binance's `. : /`, Bybit's `- _`, 36 characters", () => {
    expect(binance('scalp-btc:1.a_b')).toBe('scalp-btc:1.a_b');
    expect(bybit('st-7-tp_2')).toBe('st-7-tp_2');
    expect(binance(long)).toBe(long);
    expect(bybit(long)).toBe(long);
  });

  it("changes what each refuses: a bracket's exit of a 36-character id (39), Bybit's `. :`", () => {
    for (const f of [binance, bybit]) expect(f(`${long}-tp`)).toMatch(/^st[0-9A-Za-z]{30}$/);
    expect(bybit('scalp-btc:1.a_b')).toMatch(/^st[0-9A-Za-z]{30}$/);
    expect(binance(`${long}-tp`)).not.toBe(binance(`${long}-sl`));
  });
});
