/**
 * Who must show the API token: `off` nobody; `sensitive` the live switch, storing or removing
 * exchange keys, and resume (REQUIRE_TOKEN=1); `all` every /api route and WebSocket (REQUIRE_TOKEN=all,
 * and always on a non-loopback HOST).
 */
export type TokenScope = 'off' | 'sensitive' | 'all';

/** What the HTTP layer knows of the API token: the scope, and the token in force (null: none is usable). */
export interface AuthPolicy {
  readonly scope: TokenScope;
  readonly token: () => string | null;
}

/** What a request showed: no token, the token in force, or another one. */
export type TokenState = 'none' | 'valid' | 'invalid';
