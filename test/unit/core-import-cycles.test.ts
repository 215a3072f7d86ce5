import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueImportCycles } from '../support/import-graph.ts';

describe('the chat-room core', () => {
  it('has no runtime import cycle (constants live in wire.ts; edges back into room.ts are import type)', () => {
    expect(valueImportCycles('src/core')).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };

  it('finds a value cycle through a sub-folder and ignores type-only edges', () => {
    write('room.ts', "import { actions } from './actions/index.ts';\nimport type { T } from './types.ts';\n");
    write('actions/index.ts', "import {\n  LIMIT,\n  type Room,\n} from '../room.ts';\n");
    write('types.ts', "import { type Room } from './room.ts';\nexport type T = Room;\n");
    write('leaf.ts', 'export const LIMIT = 1;\n');
    expect(valueImportCycles(dir)).toEqual([['actions/index.ts', 'room.ts']]);
  });
});
