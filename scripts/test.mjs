// The whole check CI runs: lint and typecheck first (unless --no-static), then the vitest suite.
// Ends with the line "N passed, N failed" that CI reads; a failed lint or typecheck counts as a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const staticChecks = !args.includes('--no-static');
const vitestArgs = args.filter((a) => a !== '--no-static');

let failed = 0;
if (staticChecks) {
  for (const script of ['lint', 'typecheck']) {
    const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
    console.log(`${script}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
    if (result.status !== 0) failed++;
  }
}

const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
rmSync(report, { force: true });
const run = spawnSync(
  'node_modules/.bin/vitest',
  ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...vitestArgs],
  { stdio: 'inherit' },
);
let passed = 0;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
