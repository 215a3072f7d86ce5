// `npm run pack:client`: build the admin client package (packages/admin-client) to JavaScript with
// .d.ts types, pack it with `npm pack`, and print the tarball's absolute path as the last line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = join(root, 'packages/admin-client');
const out = join(root, 'dist-packages');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: pkg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

rmSync(join(pkg, 'dist'), { recursive: true, force: true });
run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json']);
// The sources import './x.ts' (Deno runs them as they are, for the server); tsc rewrites that in
// the JavaScript but leaves it in the .d.ts files, where a consumer needs './x.js'.
for (const file of readdirSync(join(pkg, 'dist')).filter((f) => f.endsWith('.d.ts'))) {
  const path = join(pkg, 'dist', file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.\/[\w-]+)\.ts'/g, "$1.js'"));
}
mkdirSync(out, { recursive: true });
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out]));
console.error(`packed ${packed[0].files.length} files: ${packed[0].files.map((f) => f.path).join(', ')}`);
console.log(join(out, packed[0].filename));
