import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import { SIM_EXCHANGE } from '../../sim/market/sim-instruments.js';
import type { CredentialsPort, CredentialsView } from '../credentials-port.js';
import type { ServerDeps } from '../deps.js';
import { audited } from '../auth/audited.js';
import { requireToken } from '../auth/require-token.js';
import { errorResponses, exchangeInput } from '../schemas.js';
import { adapterOf, routes, type RouteModule } from './plugin.js';

/**
 * An API key or secret: 8–256 printable ASCII characters, no spaces. Messages never repeat the
 * value (a secret must not come back in an error, nor reach a log line through one).
 */
const credentialText = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters')
  .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII characters without spaces');
/** A PEM private key (Coinbase CDP keys: an EC P-256 key, `-----BEGIN EC PRIVATE KEY-----` …). */
const PEM_KEY = /^-----BEGIN (?:EC )?PRIVATE KEY-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END (?:EC )?PRIVATE KEY-----\r?\n?$/;
/** A secret: credential text, or a PEM private key (up to 4 KiB). */
const secretText = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
  .max(4096, 'must be at most 4096 characters')
  .refine((v) => PEM_KEY.test(v) || credentialText.safeParse(v).success, 'must be 8–256 printable ASCII characters without spaces, or a PEM private key');
const flag = z.boolean({ error: 'must be true or false' });

const credentialsBody = z
  .strictObject(
    {
      api_key: credentialText.optional(),
      api_secret: secretText.optional().describe('the secret; a PEM private key for Coinbase CDP keys'),
      api_passphrase: credentialText.optional().describe('the passphrase of venues whose keys come with one (GET /api/exchanges: `credentials` lists "passphrase"), with api_key and api_secret'),
      enabled: flag.optional(),
      testnet: flag.optional(),
    },
    { error: 'must be a JSON object' },
  )
  .superRefine((b, ctx) => {
    if (b.api_key !== undefined && b.api_secret === undefined) ctx.addIssue({ code: 'custom', path: ['api_secret'], message: 'is required with api_key' });
    if (b.api_secret !== undefined && b.api_key === undefined) ctx.addIssue({ code: 'custom', path: ['api_key'], message: 'is required with api_secret' });
    if (b.api_passphrase !== undefined && b.api_key === undefined) ctx.addIssue({ code: 'custom', path: ['api_key'], message: 'is required with api_passphrase' });
    if (Object.values(b).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give api_key with api_secret, or enabled, or testnet' });
    }
  });

const entryFields = {
  enabled: z.boolean(),
  testnet: z.boolean(),
  api_key: z.string().nullable().describe('masked: the first 4 and the last 4 characters ("abcd…wxyz"), "••••" for a short key'),
  has_secret: z.boolean(),
  has_passphrase: z.boolean().describe('a passphrase is stored (never returned)'),
  usable: z.boolean().describe('the stored keys decrypt with the current master key'),
  problem: z.string().nullable().describe('why they are not usable, else null'),
};
const entrySchema = z.object(entryFields);
const exchangeConfigSchema = z.object({ exchange: z.string(), ...entryFields });
const exchangeParams = z.object({ exchange: exchangeInput });

const entryView = (v: CredentialsView) => ({
  enabled: v.enabled,
  testnet: v.testnet,
  api_key: v.apiKey,
  has_secret: v.hasSecret,
  has_passphrase: v.hasPassphrase,
  usable: v.usable,
  problem: v.problem,
});
const exchangeView = (v: CredentialsView) => ({ exchange: v.exchange, ...entryView(v) });
const empty = (exchange: string): CredentialsView => ({ exchange, enabled: false, testnet: false, apiKey: null, hasSecret: false, hasPassphrase: false, usable: false, problem: null });

/** The audit log's account of stored keys: masked, as GET /api/trading/config shows them. */
const describeKeys = (v: CredentialsView): string =>
  `key ${v.apiKey ?? 'none'}, ${v.enabled ? 'enabled' : 'disabled'}, ${v.testnet ? 'testnet' : 'mainnet'}`;

/** An exchange that takes API keys: it exists (404 otherwise) and is not the embedded sim (422). */
function keyedExchange(deps: ServerDeps, exchange: string): string {
  const id = adapterOf(deps, exchange).id;
  if (id === SIM_EXCHANGE) {
    throw new Rejection('EXCHANGE_NEEDS_NO_CREDENTIALS', 'the embedded sim exchange needs no API keys', { exchange: id });
  }
  return id;
}

/**
 * New keys carry what the venue's keys are made of (its `credentials`): a passphrase where the
 * venue needs one (400 without it), none where it has none (400 with one).
 */
function checkKeyParts(deps: ServerDeps, exchange: string, b: { api_key?: string; api_passphrase?: string }): void {
  if (b.api_key === undefined) return;
  const needs = adapterOf(deps, exchange).info().credentials.includes('passphrase');
  if (needs && b.api_passphrase === undefined) {
    throw new Rejection('VALIDATION_ERROR', `api_passphrase: is required for ${exchange} keys`, { issues: [{ field: 'api_passphrase', message: `is required for ${exchange} keys` }] });
  }
  if (!needs && b.api_passphrase !== undefined) {
    throw new Rejection('VALIDATION_ERROR', `api_passphrase: ${exchange} keys have no passphrase`, { issues: [{ field: 'api_passphrase', message: `${exchange} keys have no passphrase` }] });
  }
}

function store(deps: ServerDeps): CredentialsPort {
  if (!deps.credentials) throw new Rejection('NOT_SUPPORTED', 'this server has no credential storage');
  return deps.credentials;
}

export const tradingConfigRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/trading/config',
      {
        schema: {
          tags: ['trading'],
          summary: 'The trading mode, each real exchange’s credentials (masked) and the risk limits',
          description: 'A secret is never returned and an API key only masked. `usable: false` with `problem` when stored keys cannot be decrypted (the master key changed).',
          response: { 200: z.object({ mode: z.string(), exchanges: z.record(z.string(), entrySchema), risk: z.record(z.string(), z.unknown()) }), ...errorResponses },
        },
      },
      async () => {
        const ids = [...deps.exchanges.keys()].filter((id) => id !== SIM_EXCHANGE);
        const exchanges = Object.fromEntries(ids.map((id) => [id, entryView(deps.credentials?.view(id) ?? empty(id))]));
        return { mode: deps.mode(), exchanges, risk: deps.riskConfig?.() ?? {} };
      },
    );

    app.post(
      '/api/trading/config/exchange/:exchange',
      {
        schema: {
          tags: ['trading'],
          summary: 'Store, replace or change an exchange’s API keys (encrypted at rest)',
          description:
            '`api_key` and `api_secret` (8–256 printable ASCII characters, no spaces) come together, with `api_passphrase` for a venue whose keys have one (OKX; 400 without it, or with one for a venue that has none), encrypted with the secret and never returned; `enabled` and `testnet` can be changed alone. New keys are enabled unless `enabled: false`. The running adapter uses them from its next connection; `enabled: false` puts it back on the keys from the environment, if any. Answers the masked config. The embedded `sim` needs no keys (422). Needs the API token under REQUIRE_TOKEN=1; every attempt is written to the audit log (GET /api/audit).',
          params: exchangeParams,
          body: credentialsBody,
          response: { 200: exchangeConfigSchema, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body;
        const attempt = { action: 'credentials_store' as const, fromMode: deps.mode(), exchange: req.params.exchange };
        const run = async () => {
          requireToken(deps.auth, req);
          const exchange = keyedExchange(deps, req.params.exchange);
          checkKeyParts(deps, exchange, b);
          return store(deps).save(exchange, { apiKey: b.api_key, apiSecret: b.api_secret, passphrase: b.api_passphrase, enabled: b.enabled, testnet: b.testnet });
        };
        return exchangeView(await audited(deps.audit, req, attempt, run, describeKeys));
      },
    );

    app.delete(
      '/api/trading/config/exchange/:exchange',
      {
        schema: {
          tags: ['trading'],
          summary: 'Remove an exchange’s stored API keys',
          description:
            'The adapter falls back to the keys from the environment, if any. Answers `enabled: false, api_key: null, has_secret: false`. Needs the API token under REQUIRE_TOKEN=1; every attempt is written to the audit log (GET /api/audit).',
          params: exchangeParams,
          response: { 200: exchangeConfigSchema, ...errorResponses },
        },
      },
      async (req) => {
        const attempt = { action: 'credentials_remove' as const, fromMode: deps.mode(), exchange: req.params.exchange };
        const run = async () => {
          requireToken(deps.auth, req);
          return store(deps).remove(keyedExchange(deps, req.params.exchange));
        };
        return exchangeView(await audited(deps.audit, req, attempt, run, describeKeys));
      },
    );
  });
