// Our chat server as the benchmark runs it: the runtime's own entry, with the who-list window
// optionally fixed by BENCH_WHO_WINDOW_MS (0 = no coalescing: the original's naive who lists),
// and without any metrics with BENCH_NO_METRICS=1 (the with/without comparison).
import { roomTuning } from '../../src/runtime/bootstrap.ts';
import './gc-signal.ts';

const fixedWindow = process.env['BENCH_WHO_WINDOW_MS'];
if (fixedWindow !== undefined) {
  const ms = Number(fixedWindow);
  roomTuning.whoWindowMs = () => ms;
}
if (process.env['BENCH_NO_METRICS'] === '1') roomTuning.withoutMetrics = true;
await import(process.versions['bun'] ? '../../src/runtime/bun.ts' : '../../src/runtime/node.ts');
