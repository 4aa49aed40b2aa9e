import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import type { DatasetLibrary } from '../datasets/dataset-library.js';
import { datasetParams, datasetSchema, importBody } from '../datasets/dataset-schemas.js';
import { errorResponses } from '../schemas.js';
import { routes, type RouteModule } from './plugin.js';

const BUNDLED = 'The bundled datasets are the CSVs in the project\'s `datasets/` folder, and in the developers\' shared data folder beside the project when that exists (see the README; a file name in both is listed once, from `datasets/`).';

/** GET/POST /api/datasets, GET/DELETE /api/datasets/{id}: the files a replay can be started from. */
export const datasetRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const library = (): DatasetLibrary => {
      if (!deps.datasets) throw new Rejection('NOT_SUPPORTED', 'this server keeps no datasets');
      return deps.datasets;
    };

    app.get(
      '/api/datasets',
      {
        schema: {
          tags: ['datasets'],
          summary: 'The datasets: the bundled CSVs, then the imported ones (oldest first)',
          description: `${BUNDLED} Each file is read once per version (path, size and modification time) and the result is kept in the database, so a listing reads only new or changed files; the first listing on a fresh data directory reads and checks the bundled files (~0.15–0.3 s for the 10 MB shipped); nothing is read at start-up. Only valid files are listed: an imported file that has since changed into an invalid one, or vanished, is left out until it is valid again.`,
          response: { 200: z.object({ datasets: z.array(datasetSchema) }), ...errorResponses },
        },
      },
      async () => ({ datasets: library().list() }),
    );

    app.get(
      '/api/datasets/:id',
      {
        schema: {
          tags: ['datasets'],
          summary: 'One dataset (404 UNKNOWN_DATASET when there is none by that id)',
          params: datasetParams,
          response: { 200: datasetSchema, ...errorResponses },
        },
      },
      async (req) => library().require(req.params.id),
    );

    app.post(
      '/api/datasets',
      {
        schema: {
          tags: ['datasets'],
          summary: 'Import a CSV file as a dataset, after checking every line of it (201; 200 with the existing one for a file already listed)',
          description:
            'The file (absolute, or relative to the server\'s working directory; symbolic links are resolved and the real name must end in `.csv`) is read whole and checked before anything is recorded: a known layout (Binance klines / trades / aggTrades, OHLCV with a header, Tardis trades), the same number of fields on every line, every time and number, times strictly increasing for bars (never backwards for trades; trade ids strictly increasing), the OHLC envelope (low ≤ open, close ≤ high), one symbol. The first bad line is a 400 `DATASET_INVALID` with `details.line` (1-based, as an editor shows it) and `details.reason`; nothing is recorded. A file that is not there is a 404 `DATASET_FILE_NOT_FOUND`; a directory, another non-regular file, a name not ending in `.csv`, a file the server may not read or one over 256 MiB is a 400 `DATASET_FILE_UNREADABLE`. The same file again (by its real path; a bundled file too) answers the existing dataset with 200, unchanged (`name` is not updated).',
          body: importBody,
          response: { 200: datasetSchema, 201: datasetSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const { dataset, created } = library().import(req.body.path, req.body.name);
        return reply.status(created ? 201 : 200).send(dataset);
      },
    );

    app.delete(
      '/api/datasets/:id',
      {
        schema: {
          tags: ['datasets'],
          summary: 'Forget an imported dataset (its file is left alone); a bundled one is a 422 DATASET_NOT_REMOVABLE',
          params: datasetParams,
          response: { 200: z.object({ id: z.string(), removed: z.literal(true) }), ...errorResponses },
        },
      },
      async (req) => {
        library().remove(req.params.id);
        return { id: req.params.id, removed: true as const };
      },
    );
  });
