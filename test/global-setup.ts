import { ensureWeb } from '../scripts/build-web.mjs';

/** Once before every test file: the browser trainer's build (web/dist), when missing or stale. */
export default async function setup(): Promise<void> {
  await ensureWeb();
}
