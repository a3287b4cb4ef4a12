#!/usr/bin/env node
/**
 * The `llm-cost` bin. Everything but the tiny error helpers, the plugin included, is loaded inside the
 * try below: a setup that cannot load it (an unsupported TypeScript, a broken install) gets one line
 * and exit 2, never a stack trace.
 */
import { EXIT_CANNOT_RUN, firstLine } from "./cli/command.js";

try {
  const { main } = await import("./cli/main.js");
  process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
} catch (error) {
  process.stderr.write(`llm-cost: cannot load the plugin: ${firstLine(error)}\n`);
  process.exitCode = EXIT_CANNOT_RUN;
}
