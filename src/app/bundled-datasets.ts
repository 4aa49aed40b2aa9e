import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The little of a dataset the replay needs (a subset of the dataset catalog's DatasetInfo). */
export interface ReplayDatasetEntry {
  readonly id: string;
  readonly path: string;
}

/** Where the replay finds a dataset by id: the dataset catalog port (engine/dataset-catalog.ts) fits. */
export interface ReplayDatasetLookup {
  get(id: string): ReplayDatasetEntry | null;
}

/**
 * Stand-in until the dataset registry lands: the CSVs of the given folders (the repository's
 * datasets/), the first of each file name, each under its file name without .csv.
 */
export function bundledDatasets(dirs: readonly string[]): ReplayDatasetLookup {
  const byId = new Map<string, ReplayDatasetEntry>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.csv')) continue;
      const id = f.slice(0, -4);
      if (!byId.has(id)) byId.set(id, { id, path: join(dir, f) });
    }
  }
  return { get: (id) => byId.get(id) ?? null };
}
