import { packageMeta } from "../util/package-meta.js";
import { EXIT_CANNOT_RUN, EXIT_CLEAN, UsageError, firstLine, type CliIo } from "./command.js";
import { commands, defaultCommand } from "./commands/index.js";

function globalHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n");
  return `${defaultCommand.help}\n\nCommands (llm-cost <command> --help for each):\n${list}\n`;
}

/**
 * `llm-cost [command] [options] [paths...]`: the first word picks a command when it names one (a
 * directory called like a command is linted as `./name`); otherwise the default command runs.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    const named = commands.find((command) => command.name === first);
    const command = named ?? defaultCommand;
    const commandArgv = named === undefined ? argv : rest;
    if (commandArgv.includes("--help") || commandArgv.includes("-h")) {
      io.stdout.write(named === undefined ? globalHelp() : `${named.help}\n`);
      return EXIT_CLEAN;
    }
    if (commandArgv.includes("--version") || commandArgv.includes("-v")) {
      io.stdout.write(`${packageMeta.version}\n`);
      return EXIT_CLEAN;
    }
    return await command.run(commandArgv, io);
  } catch (error) {
    const reason = error instanceof UsageError ? `${error.message} (see llm-cost --help)` : firstLine(error);
    io.stderr.write(`llm-cost: ${reason}\n`);
    return EXIT_CANNOT_RUN;
  }
}
