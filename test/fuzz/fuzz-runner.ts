import fc from 'fast-check';
import { DOMAIN_BODIES } from './domain-bodies.js';
import { answerProblem } from './answer-check.js';
import { mixedCase, refusedCase, type FuzzCase } from './fuzz-case.js';
import { changedTables, type ledgerReader } from './ledger-digest.js';
import type { Route } from './openapi-routes.js';
import type { RawReply, RawRequest, rawClient } from './raw-http.js';
import { render, type LiveState } from './render.js';
import { schemaProblem } from './schema-check.js';
import { orderIdsIn, type trusted } from './trusted-client.js';

export interface Finding {
  readonly route: string;
  readonly kind: string;
  readonly request: string;
  readonly answer: string;
  readonly problem: string;
}

export interface FuzzStats {
  requests: number;
  refused: number;
  byRoute: Map<string, number>;
  byStatus: Map<number, number>;
  /** `METHOD /path kind → status` counts, printed with FUZZ_VERBOSE=1. */
  byKind: Map<string, number>;
  ledgerChecks: number;
  findings: Finding[];
}

export interface FuzzPlan {
  readonly seed: number;
  readonly rounds: number;
  readonly refusedPerRound: number;
  readonly mixedPerRound: number;
  readonly concurrency: number;
}

const short = (s: string | undefined, n = 300) => (s === undefined ? '' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const show = (r: RawRequest) => `${r.method} ${short(r.path, 200)} ${JSON.stringify(r.headers)} ${short(r.body)}`;

/**
 * Rounds of (quiesce, digest, refused-only batch, digest, mixed batch). Every refused request must
 * be answered non-2xx in the error shape, and the ledger must be byte-for-byte what it was; the
 * mixed batch (valid, edge and odd requests) must never see a 5xx or a malformed error.
 */
/** A 2xx of the route itself (not of a wrong method or sub-path) must be what its OpenAPI entry says. */
function documentedProblem(route: Route | undefined, req: RawRequest, res: RawReply): string | null {
  const schema = route?.responses[String(res.status)];
  if (!route || route.method !== req.method || res.status >= 300 || !schema) return null;
  try {
    return schemaProblem(schema, JSON.parse(res.text));
  } catch {
    return 'a 2xx answer that is not JSON';
  }
}

export async function runFuzz(plan: FuzzPlan, routes: readonly Route[], http: ReturnType<typeof rawClient>, admin: ReturnType<typeof trusted>, ledger: ReturnType<typeof ledgerReader>, state: LiveState): Promise<FuzzStats> {
  const stats: FuzzStats = { requests: 0, refused: 0, byRoute: new Map(), byStatus: new Map(), byKind: new Map(), ledgerChecks: 0, findings: [] };
  const refusedArb = fc.oneof(...routes.map((r) => refusedCase(r, routes)));
  // Routes that reach the engine with a trader's body get more of the mixed traffic.
  const mixedArb = fc.oneof(...routes.map((r) => ({ weight: DOMAIN_BODIES[`${r.method} ${r.path}`] ? 6 : 1, arbitrary: mixedCase(r) })));
  const byName = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const note = (c: FuzzCase, req: RawRequest, res: RawReply | null, problem: string) => {
    if (stats.findings.length < 40) stats.findings.push({ route: c.route, kind: c.kind, request: show(req), answer: res ? `${res.status} ${short(res.text)}` : '(no answer)', problem });
  };
  const runBatch = async (cases: FuzzCase[]) => {
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const req = render(c, state);
        stats.requests++;
        stats.byRoute.set(c.route, (stats.byRoute.get(c.route) ?? 0) + 1);
        let res: RawReply;
        try {
          res = await http.send(req);
        } catch (err) {
          note(c, req, null, `no answer: ${(err as Error).message}`);
          continue;
        }
        stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
        const key = `${c.route} ${c.kind.replace(/ [A-Z]+$/, '')} → ${res.status}${res.status >= 400 ? ` ${/"code":"([A-Z_]+)"/.exec(res.text)?.[1] ?? ''}` : ''}`;
        stats.byKind.set(key, (stats.byKind.get(key) ?? 0) + 1);
        const problem = answerProblem(req, res) ?? documentedProblem(byName.get(c.route), req, res);
        if (problem) note(c, req, res, problem);
        if (c.refused && res.status < 300) note(c, req, res, 'a request invalid by construction was accepted');
        if (c.refused) stats.refused++;
        if (res.status < 300 && state.orderIds.length < 2000) {
          try {
            orderIdsIn(JSON.parse(res.text), state.orderIds);
          } catch {
            // not JSON (HEAD, the page): no ids
          }
        }
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
  };
  for (let round = 0; round < plan.rounds; round++) {
    await admin.quiesce();
    await admin.refreshMarkets(state);
    const refused = fc.sample(refusedArb, { seed: plan.seed + round * 2, numRuns: plan.refusedPerRound });
    const before = ledger.digest();
    await runBatch(refused);
    const after = ledger.digest();
    stats.ledgerChecks++;
    const changed = changedTables(before, after);
    if (changed.length) {
      const kinds = [...new Set(refused.filter((c) => c.method !== 'GET').map((c) => `${c.route} [${c.kind}]`))].slice(0, 8);
      stats.findings.push({ route: '(round)', kind: `round ${round}`, request: kinds.join('; '), answer: changed.map((t) => `${t}: ${short(before[t], 200)} → ${short(after[t], 200)}`).join(' | '), problem: `refused requests changed ${changed.join(', ')}` });
    }
    await runBatch(fc.sample(mixedArb, { seed: plan.seed + round * 2 + 1, numRuns: plan.mixedPerRound }));
  }
  return stats;
}
