import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StrategyDefinition } from './strategy.js';

/** strategies/ at the project root: the built-in strategies, loaded by name. */
export const STRATEGIES_DIR = fileURLToPath(new URL('../../strategies/', import.meta.url));

/** A strategy file's path from a built-in name (`sma_cross`) or a path (relative to `cwd`); null when neither exists. */
export function strategyPath(nameOrPath: string, cwd = process.cwd()): string | null {
  if (/^[a-z0-9_-]+$/i.test(nameOrPath)) {
    const builtIn = resolve(STRATEGIES_DIR, `${nameOrPath}.ts`);
    if (existsSync(builtIn)) return builtIn;
  }
  const p = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  return existsSync(p) ? p : null;
}

/** The built-in strategies' names. */
export const BUILT_IN_STRATEGIES = ['sma_cross', 'breakout', 'mean_reversion'] as const;

/** Imports a strategy file and checks that it default-exports a definition (defineStrategy). */
export async function loadStrategy(nameOrPath: string, cwd?: string): Promise<StrategyDefinition> {
  const path = strategyPath(nameOrPath, cwd);
  if (path === null) throw new RangeError(`no strategy ${nameOrPath}: neither a built-in (${BUILT_IN_STRATEGIES.join(', ')}) nor a file`);
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  const def = mod.default as Partial<StrategyDefinition> | undefined;
  if (!def || typeof def.create !== 'function' || typeof def.name !== 'string' || typeof def.params !== 'object') {
    throw new RangeError(`${path} does not default-export a strategy (export default defineStrategy({ name, description, params, create }))`);
  }
  return def as StrategyDefinition;
}

/** The built-in strategies with their parameters (for a list in the page or the API). */
export async function builtInStrategies(): Promise<StrategyDefinition[]> {
  return Promise.all(BUILT_IN_STRATEGIES.map((name) => loadStrategy(name)));
}
