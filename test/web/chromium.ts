import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, installed by scripts/setup.sh when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A phone or tablet in Chromium's mobile emulation (test/web/mobile.test.ts); the default is a desktop window. */
export interface DeviceOptions {
  viewport: { width: number; height: number };
  isMobile?: boolean;
  hasTouch?: boolean;
  deviceScaleFactor?: number;
}

/** Headless Chromium with a fresh profile (playwright's persistent context owns --user-data-dir). */
export async function launchChromium(device: DeviceOptions = { viewport: { width: 1440, height: 880 } }): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run scripts/setup.sh (as root it runs apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'scalping-trainer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    ...device,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
