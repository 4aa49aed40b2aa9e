/**
 * Points a ccxt exchange at other hosts (testnets, proxies, the local fakes of the tests) by
 * rewriting every URL in its `urls.api` tree: `map(url)` returns the replacement or null to keep it.
 * Paths are kept, so one base can serve every documented path of the venue.
 */
export function rewriteUrlTree(tree: unknown, map: (url: string) => string | null): unknown {
  if (typeof tree === 'string') return map(tree) ?? tree;
  if (Array.isArray(tree)) return tree.map((t) => rewriteUrlTree(t, map));
  if (tree && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, rewriteUrlTree(v, map)]));
  }
  return tree;
}

/** Replace the scheme://host[:port] of `url` by `base` (which may carry a path prefix). */
export function rebase(url: string, base: string): string {
  const m = /^[a-z]+:\/\/[^/]+(.*)$/i.exec(url);
  return base.replace(/\/$/, '') + (m?.[1] ?? '');
}

/** Host (and port) of a URL, tolerant of ccxt's `{hostname}` templates. */
export function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/]+)/i.exec(url)?.[1] ?? url;
}
