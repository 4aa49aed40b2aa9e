import { describe, expect, it } from 'vitest';
import { expectError, serverForSuite } from './harness.js';

const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v.join(' ')]));

/** The installable page's files: its manifest, icons and service worker, with their types and policies. */
describe('the installable page (PWA files)', () => {
  const { srv, api } = serverForSuite({ builtPage: true });

  it('serves the manifest as application/manifest+json, naming icons that exist as PNGs', async () => {
    const res = await api.get('/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
    const manifest = JSON.parse(res.text) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ name: 'Scalping Trainer', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of manifest.icons) {
      const png = await fetch(new URL(icon.src, srv.url));
      expect(png.status, icon.src).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      const side = Number(icon.sizes.split('x')[0]);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([side, side]); // IHDR width and height
    }
  });

  it('serves the service worker at the root as JavaScript, revalidated, with the page policy', async () => {
    const res = await api.get('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(directives(res.headers.get('content-security-policy')).get('connect-src')).toContain("'self'");
    // The shell it keeps is this build's: the page, the manifest, the icons and hashed assets, nothing of the API.
    const shell = JSON.parse(/\[("\/"[^\]]*)\]/.exec(res.text)![0]) as string[];
    expect(shell.slice(0, 2)).toEqual(['/', '/manifest.webmanifest']);
    expect(shell.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
    expect(shell.filter((p) => p.startsWith('/api') || p.startsWith('/ws'))).toEqual([]);
  });

  it("the page's policy lets it load its manifest and service worker from itself", async () => {
    const page = await api.get('/');
    expect(page.text).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp.get('manifest-src')).toBe("'self'");
    expect(csp.get('worker-src')).toBe("'self'");
  });

  it('answers 404 for an icon that does not exist and 400 for a path outside the icons', async () => {
    expectError(await api.get('/icons/icon-1.png'), 404, 'NOT_FOUND');
    expectError(await api.get('/icons/icon-192.svg'), 404, 'NOT_FOUND');
    expectError(await api.get('/icons/..%2F..%2Fpackage.json'), 400, 'VALIDATION_ERROR');
  });
});
