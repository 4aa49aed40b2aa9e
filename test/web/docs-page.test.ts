import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../server/harness.js';
import { cspViolations, openTrainer, type TrainerPage } from './page-harness.js';

/** The server's API documentation (Swagger UI at /docs) in a real browser, under its own CSP. */
describe('the API documentation page', () => {
  let trainer: TrainerPage;
  let srv: TestServer;
  let docs: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ({ srv, page: docs } = trainer = await openTrainer({ errors, consoleErrors: true, csp: true }));
  }, 60_000);

  afterAll(() => trainer?.close());

  it('serves /docs (Swagger UI) under its own CSP, and it renders with no violation', async () => {
    const res = (await docs.goto(`${srv.url}/docs`))!;
    expect(res.status()).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    await docs.locator('.swagger-ui .info .title').filter({ hasText: 'Scalping Trainer API' }).waitFor({ timeout: 15_000 });
    expect(await docs.locator('.opblock').count()).toBeGreaterThan(20);
    // "Try it out" on a bodyless POST: Swagger UI sends it as application/json, so it is not refused (415).
    const resume = docs.locator('.opblock-post').filter({ hasText: '/api/trading/resume' }).first();
    await resume.locator('.opblock-summary').click();
    await resume.locator('button.try-out__btn').click();
    await resume.locator('button.execute').click();
    const code = resume.locator('.live-responses-table .response .response-col_status').first();
    await expect.poll(async () => (await code.textContent())?.trim(), { timeout: 10_000 }).toBe('200');
    expect(await cspViolations(docs)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
