import type { Command } from "../command.js";
import { lintCommand } from "./lint.js";
import { reportCommand } from "./report.js";

/** The default command: what `llm-cost [options] [paths...]` runs when no command name is given. */
export const defaultCommand: Command = lintCommand;

/** Every command by name. A new subcommand is a `Command` in its own file, added here. */
export const commands: readonly Command[] = [lintCommand, reportCommand];
