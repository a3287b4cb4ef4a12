/**
 * What every `llm-cost` subcommand shares: how it is declared, how it talks to the terminal, and how
 * it fails. A subcommand is a `Command` registered in `commands/index.ts`; `main.ts` dispatches to it.
 */

export const EXIT_CLEAN = 0;
/** Cost findings (and only them): a gate that sees 1 knows the code has a cost problem. */
export const EXIT_FINDINGS = 1;
/** Could not do what was asked: bad usage or configuration, or files that could not be linted. */
export const EXIT_CANNOT_RUN = 2;

/** Where a command reads its working directory and writes its output; tests and the bin pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export interface Command {
  /** The word after `llm-cost` that selects the command. */
  readonly name: string;
  /** One line for `llm-cost --help`'s list of commands. */
  readonly summary: string;
  /** The full `--help` text of the command. */
  readonly help: string;
  /** Runs the command on its own arguments (the command's name already removed); resolves to the exit status. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Bad usage: reported as one line with a pointer to `--help`, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The first non-empty line of an error's message: the CLI never prints a stack trace. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
