import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { webStale } from '../../scripts/build-web.mjs';
import { client, REPO_ROOT, startTestServer, type TestServer } from '../server/harness.js';
import { launchChromium, type DeviceOptions, type HeadlessChromium } from './chromium.js';

/** Where the browser tests' screenshots go. */
export const SHOTS = join(REPO_ROOT, 'test-results', 'web');

export interface PageOptions {
  /** The window (default: launchChromium's desktop). */
  readonly device?: DeviceOptions;
  /** Collects the page's uncaught errors, as `page error: <message>`. */
  readonly errors?: string[];
  /** With `errors`: the page's console.error lines too. */
  readonly consoleErrors?: boolean;
  /** Records every Content-Security-Policy violation of every page, for cspViolations(). */
  readonly csp?: boolean;
}

export interface BrowserPage {
  readonly chrome: HeadlessChromium;
  /** The browser's first page, not yet navigated. */
  readonly page: Page;
}

/**
 * Headless Chromium on its first page, once web/dist is known to be built (test/global-setup.ts
 * builds it) and SHOTS exists.
 *
 * @example
 *   ({ chrome, page } = await openPage({ errors }));
 */
export async function openPage(opts: PageOptions = {}): Promise<BrowserPage> {
  expectBuilt();
  return launchPage(opts);
}

function expectBuilt(): void {
  mkdirSync(SHOTS, { recursive: true });
  expect(webStale(), 'web/dist is built by test/global-setup.ts').toBe(false);
}

async function launchPage(opts: PageOptions): Promise<BrowserPage> {
  const chrome = await launchChromium(opts.device);
  const page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
  const errors = opts.errors;
  if (errors) {
    if (opts.consoleErrors) {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
    }
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  }
  if (opts.csp) {
    await chrome.context.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }
  return { chrome, page };
}

/** The CSP violations a page has seen since it was loaded (openPage with `csp`). */
export const cspViolations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

export interface TrainerPage extends BrowserPage {
  /** The server (SQLite in a temp dir), started with startTestServer's environment and `env`. */
  readonly srv: TestServer;
  readonly api: ReturnType<typeof client>;
  /** The browser, then the server. */
  close(): Promise<void>;
}

/**
 * A test server and headless Chromium on a page of it (see openPage).
 *
 * @example
 *   beforeAll(async () => {
 *     ({ srv, api, page } = trainer = await openTrainer({ errors }));
 *   }, 60_000);
 *   afterAll(() => trainer?.close());
 */
export async function openTrainer(opts: PageOptions & { readonly env?: Record<string, string> } = {}): Promise<TrainerPage> {
  expectBuilt();
  const srv = await startTestServer(opts.env);
  let browser: BrowserPage;
  try {
    browser = await launchPage(opts);
  } catch (e) {
    await srv.close();
    throw e;
  }
  return {
    ...browser,
    srv,
    api: client(srv.url),
    async close() {
      await browser.chrome.close();
      await srv.close();
    },
  };
}

/** Loads the trainer at `url` and waits until its chart has drawn candles. */
export async function loadChart(page: Page, url: string, timeout = 15_000): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) > 0, null, { timeout });
}

/** Opens the Practice panel and picks `dataset` in its form once the form lists it. */
export async function pickPracticeDataset(page: Page, dataset: string): Promise<void> {
  await page.click('#practice-open');
  await page.waitForFunction((id) => [...(document.getElementById('pr-dataset') as HTMLSelectElement).options].some((o) => o.value === id), dataset, { timeout: 15_000 });
  await page.selectOption('#pr-dataset', dataset);
}
