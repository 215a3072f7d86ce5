import { defineConfig } from 'vitest/config';

/**
 * Unit and browser tests run once; the end-to-end suite runs once per runtime (Node, Bun, Deno, and the
 * Cloudflare Worker in workerd) against a real server process. TEST_RUNTIMES=node limits the runtimes
 * (e.g. while developing).
 */
const runtimes = (process.env['TEST_RUNTIMES'] ?? 'node,bun,deno,worker').split(',').filter(Boolean);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // extends: projects inherit the timeouts above (without it they fall back to vitest's 5 s).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The chat page in real Chromium, against a Node server: once, not per runtime, and after the
      // other projects so two cores do not juggle browsers and three runtimes' servers at once.
      {
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      ...runtimes.map((runtime) => ({
        extends: true as const,
        test: {
          name: `e2e-${runtime}`,
          // The Worker also has tests of its own: hibernation, restarts, settings from bindings.
          include: ['test/e2e/**/*.test.ts', ...(runtime === 'worker' ? ['test/worker/**/*.test.ts'] : [])],
          env: { TEST_RUNTIME: runtime },
          // The Worker's servers start through Miniflare and workerd (see startServer).
          ...(runtime === 'worker' ? { hookTimeout: 150_000 } : {}),
        },
      })),
    ],
  },
});
