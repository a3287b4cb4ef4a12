#!/usr/bin/env node
/**
 * The `llm-cost` bin. Everything, the plugin included, is loaded inside the try below: a setup that
 * cannot load it (an unsupported TypeScript, a broken install) gets one line and exit 2, never a stack trace.
 */
const EXIT_CANNOT_RUN = 2;

try {
  const { main } = await import("./cli/main.js");
  process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error";
  process.stderr.write(`llm-cost: cannot load the plugin: ${reason}\n`);
  process.exitCode = EXIT_CANNOT_RUN;
}
