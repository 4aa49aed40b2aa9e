/** True when web/dist is missing or older than the page's sources. */
export function webStale(): boolean;
/** Builds web/dist with Vite. */
export function buildWeb(): Promise<void>;
/** Builds web/dist when it is stale; true when it built. */
export function ensureWeb(): Promise<boolean>;
