import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", "tests/fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
