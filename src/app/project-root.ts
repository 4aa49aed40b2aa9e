import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (where package.json is), whether running from src/ or from the dist/ bundle. */
export function projectRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The project's `datasets/`, then the developers' shared data folder beside the project (README,
 * "Datasets": listed when it exists, never required; a fresh clone has none).
 */
export function bundledDatasetDirs(root: string = projectRoot()): string[] {
  return [join(root, 'datasets'), join(root, '..', 'shared', 'data')];
}
