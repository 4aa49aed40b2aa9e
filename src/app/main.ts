import { loadConfig } from './config.js';
import { startApp } from './create-app.js';
import { createLogger } from './logger.js';

/** `npm start`: serve the trainer with the sim market and a SQLite file; stop cleanly on a signal. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel); // secrets redacted (see logger.ts)
  const app = await startApp(config, logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
