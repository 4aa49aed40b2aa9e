import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rotateApiToken } from './api-token.js';
import { UsageError, type Command, type Env } from './cli-command.js';
import { dataDir, importCommand } from './cli-import.js';
import { backtestCommand } from './backtest-command.js';
import { BACKTEST_USAGE } from './backtest-args.js';
import { optimizeCommand, OPTIMIZE_USAGE } from './optimize-command.js';

/** Every command of `npm run cli -- …`; another is one more entry. */
const COMMANDS: Readonly<Record<string, Command>> = {
  backtest: {
    args: BACKTEST_USAGE,
    summary: 'run a strategy over a dataset through the trading engine: a summary, or --json, a --plot report, a --trades CSV',
    ownHelp: true,
    run(args, env, print, printError) {
      const tty = process.stdout.isTTY === true && process.stderr.isTTY === true;
      const progress = tty ? (text: string | null) => process.stderr.write(text === null ? '\r\x1b[K' : `\r${text}`) : undefined;
      return backtestCommand(args, dataDir(env), { print, printError, progress });
    },
  },
  optimize: {
    args: OPTIMIZE_USAGE,
    summary: 'run a strategy over a grid of parameters on worker threads, ranked by a metric, with a walk-forward split (--train 70%)',
    ownHelp: true,
    run(args, env, print, printError) {
      const tty = process.stdout.isTTY === true && process.stderr.isTTY === true;
      const progress = tty ? (text: string | null) => process.stderr.write(text === null ? '\r\x1b[K' : `\r${text}`) : undefined;
      return optimizeCommand(args, dataDir(env), { print, printError, progress });
    },
  },
  'token rotate': {
    summary: 'replace the API token in DATA_DIR/api-token and print the new one (a running server uses it from its next request)',
    run(_args, env, print) {
      const { token, file } = rotateApiToken(dataDir(env));
      print(token);
      print(`(written to ${file}; the old token no longer works)`);
      return 0;
    },
  },
  import: importCommand,
};

function usage(print: (line: string) => void): void {
  print('usage: npm run cli -- <command> [options]');
  print('');
  for (const [name, c] of Object.entries(COMMANDS)) print(`  ${name.padEnd(14)} ${c.summary}${c.args ? `\n  ${' '.repeat(14)} ${c.args}` : ''}`);
  print('');
  print('DATA_DIR (default ./data) is read from the environment, as the server reads it.');
}

/** Runs the command `argv` names (its words first, then its own arguments); answers the exit code. */
export async function runCli(argv: readonly string[], env: Env, print: (line: string) => void, printError: (line: string) => void): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    usage(print);
    return 0;
  }
  // The longest run of leading words that names a command.
  for (let n = argv.length; n > 0; n--) {
    const command = COMMANDS[argv.slice(0, n).join(' ')];
    if (!command) continue;
    const rest = argv.slice(n);
    if (!command.ownHelp && (rest.includes('--help') || rest.includes('-h'))) {
      print(`usage: npm run cli -- ${argv.slice(0, n).join(' ')}${command.args ? ` ${command.args}` : ''}`);
      print(`  ${command.summary}`);
      for (const line of command.help ?? []) print(`  ${line}`);
      return 0;
    }
    try {
      return await command.run(rest, env, print, printError);
    } catch (err) {
      if (err instanceof UsageError) {
        printError(`${argv.slice(0, n).join(' ')}: ${err.message} (npm run cli -- ${argv.slice(0, n).join(' ')} --help)`);
        return 2;
      }
      printError(`${argv.slice(0, n).join(' ')} failed: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  printError(`unknown command: ${argv.join(' ')} (npm run cli -- --help lists them)`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `… | head`: the reader left; nothing more to say to it.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const code = await runCli(process.argv.slice(2), process.env, (l) => console.log(l), (l) => console.error(l));
  process.exitCode = code;
}
