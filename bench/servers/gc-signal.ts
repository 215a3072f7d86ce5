// Lets the benchmark ask a Node server for a full garbage collection (SIGUSR2) before it reads
// resident memory, so the number is what the connections retain, not the login storm's garbage.
// With BENCH_HEAP_SNAPSHOTS (a folder) it also writes a heap snapshot there: its objects are
// exactly what the process keeps alive, whatever heap pages V8 happens to hold on to.
import { join } from 'node:path';
import process from 'node:process';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

if (!process.versions['bun']) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  const snapshots = process.env['BENCH_HEAP_SNAPSHOTS'];
  let taken = 0;
  process.on('SIGUSR2', () => {
    // V8's last-resort collection (what it does before giving up on memory) also hands freed
    // pages back to the system where it can.
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const snapshot = snapshots
      ? `, heap snapshot ${writeHeapSnapshot(join(snapshots, `${process.pid}-${++taken}.heapsnapshot`))}`
      : '';
    console.log(`bench: garbage collected${snapshot}`);
  });
  console.log(`bench: pid ${process.pid}`);
}
