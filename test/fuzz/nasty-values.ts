/** Literal JSON number texts a JSON.stringify could never produce (the body is written by hand). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A path segment sent as is (already percent-encoded, or deliberately not). */
export class RawSegment {
  constructor(readonly text: string) {}
}

export const FORTY_DIGITS = '1234567890123456789012345678901234567890';

/** Numbers at and past the edges of what a double or a decimal column holds. */
export const EDGE_NUMBER_LITERALS = ['1e309', '-1e309', '0.1e-30', '-0', FORTY_DIGITS, `0.${FORTY_DIGITS}`, '1e-7', '5e-324', '1.7976931348623157e308', '9007199254740993', '1E2', '0.0000000001'].map((t) => new RawJson(t));
export const EDGE_NUMBER_STRINGS = ['1e309', '1e400', '-1e400', '9'.repeat(400), '1e1000', '1e-36', '1e-37', '0.1e-30', '-0', FORTY_DIGITS, `-${FORTY_DIGITS}`, '1e-7', '9007199254740993', ' 1', '1 ', '+1', '.5', '5.', '00.1'];

/** Texts no decimal field may accept. */
export const JUNK_DECIMAL_STRINGS = ['', ' ', 'abc', 'NaN', 'nan', 'Infinity', '-Infinity', '1e', '--1', '1,5', '0x1F', '1_000', '١٢٣', '1.2.3', '\u0000', '½'];

/** Strings no identifier pattern (symbol, exchange, client id) may accept. */
export const HOSTILE_STRINGS = [
  '../',
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  '%00',
  'BTC\u0000USDT',
  'BTCUSDT\u0000',
  '\u202eTDSUCTB',
  'BTC\u200bUSDT',
  'ＢＴＣＵＳＤＴ',
  '🚀🚀',
  'BTC🚀',
  '\ud800',
  'a\udfffb',
  'x',
  'A'.repeat(37),
  'B'.repeat(1000),
  "'; DROP TABLE orders; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'BTC/USDT',
  'BTC USDT',
  '\n\r',
];

/** Path segments that try to leave the route, break decoding or smuggle bytes. */
export const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e',
  '%2e%2e%2f',
  '..%2f..%2f',
  '%2e%2e%2f%2e%2e%2fhealth',
  '..%5c..%5c',
  '%00',
  'BTCUSDT%00',
  '%ED%A0%80', // a lone surrogate, CESU-encoded
  '%FF%FE',
  '%C0%AE%C0%AE', // overlong "."
  '%',
  '%zz',
  '%E2%80%AE', // RTL override
  '%F0%9F%9A%80', // emoji
  '%20',
  '%0A',
  encodeURIComponent('ＢＴＣＵＳＤＴ'),
  'A'.repeat(300),
].map((t) => new RawSegment(t));
