// The installable page's own files, written into web/dist after Vite's build: the icons (PNG,
// drawn here, no image tool and no network) and the service worker (web/src/sw/service-worker.ts
// bundled by esbuild with the list of the build's app-shell files).
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** A PNG (8-bit RGBA) of `size`×`size` from `pixel(x, y) → [r, g, b, a]`. */
export function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const head = Buffer.alloc(13);
  head.writeUInt32BE(size, 0);
  head.writeUInt32BE(size, 4);
  head.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', head), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const BG = [11, 14, 20, 255];
const UP = [38, 166, 154, 255];
const DOWN = [239, 83, 80, 255];
/** Three candles (up, down, up) on the page's background, inside the maskable safe zone (the middle 60 %). */
const CANDLES = [
  { x: 0.3, open: 0.62, close: 0.44, high: 0.36, low: 0.7, color: UP },
  { x: 0.5, open: 0.4, close: 0.6, high: 0.3, low: 0.68, color: DOWN },
  { x: 0.7, open: 0.56, close: 0.3, high: 0.22, low: 0.62, color: UP },
];
function iconPixel(size) {
  return (px, py) => {
    const x = (px + 0.5) / size;
    const y = (py + 0.5) / size;
    for (const c of CANDLES) {
      const top = Math.min(c.open, c.close);
      const bottom = Math.max(c.open, c.close);
      if (Math.abs(x - c.x) <= 0.06 && y >= top && y <= bottom) return c.color;
      if (Math.abs(x - c.x) <= 0.012 && y >= c.high && y <= c.low) return c.color;
    }
    return BG;
  };
}

export const ICON_SIZES = [192, 512];

/** The app shell the service worker keeps: the page, its manifest and icons, its scripts and styles (fonts are kept when first used). */
export function shellFiles(dist) {
  const assets = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).sort();
  return ['/', '/manifest.webmanifest', ...ICON_SIZES.map((s) => `/icons/icon-${s}.png`), ...assets.map((f) => `/assets/${f}`)];
}

/** Writes web/dist/icons/*.png and web/dist/sw.js. */
export async function writePwaAssets(web, dist) {
  mkdirSync(join(dist, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(dist, 'icons', `icon-${size}.png`), png(size, iconPixel(size)));
  const shell = shellFiles(dist);
  // The cache's name changes with every build whose shell differs: the old one is dropped on activation.
  const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(web, 'src', 'sw', 'service-worker.ts')],
    outfile: join(dist, 'sw.js'),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    define: { __SHELL__: JSON.stringify(shell), __VERSION__: JSON.stringify(version) },
  });
}
