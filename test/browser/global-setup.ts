import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM } from '../support/browser.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function run(cmd: string, args: string[]): void {
  // CI has no terminal: apt must never stop to ask.
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${res.status}`);
}

/**
 * The browser suite needs Debian's Chromium (CI starts on a clean machine, as root) and the built
 * client. Nothing is downloaded but the distribution's package.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  }
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) run('node_modules/.bin/vite', ['build']);
}
