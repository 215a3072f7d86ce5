// Lets the benchmark ask a Node server for a full garbage collection (SIGUSR2) before it reads
// resident memory, so the number is what the connections retain, not the login storm's garbage.
import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

if (!process.versions['bun']) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  process.on('SIGUSR2', () => {
    gc();
    const { heapUsed, external } = process.memoryUsage();
    console.log(`bench: garbage collected, heap ${heapUsed + external}`);
  });
  console.log(`bench: pid ${process.pid}`);
}
