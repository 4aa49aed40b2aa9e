export type Env = Readonly<Record<string, string | undefined>>;

/** One subcommand of `npm run cli -- …`: its words (`token rotate`), what it does, and the run that answers an exit code. */
export interface Command {
  readonly args?: string;
  readonly summary: string;
  /** More lines for `--help`: the options, one a line. */
  readonly help?: readonly string[];
  run(args: readonly string[], env: Env, print: (line: string) => void, printError: (line: string) => void): number | Promise<number>;
  /** The command answers --help itself (its options depend on what it is given). */
  readonly ownHelp?: boolean;
}

/** Bad flags or arguments: the CLI prints the message and exits 2 (a refused import or a failed run exits 1). */
export { UsageError } from './backtest-args.js';
