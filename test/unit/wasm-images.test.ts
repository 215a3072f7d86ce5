import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createImageProcessor } from '../../src/adapters/sharp-images.ts';
import { createWasmImageProcessor } from '../../src/adapters/wasm-images.ts';
import { ImageRejected } from '../../src/core/images.ts';
import type { ImageProcessor } from '../../src/core/ports.ts';
import { createTestRoom } from '../support/fake-room.ts';
import { runtimeCommand } from '../support/server.ts';
import { animatedGif, frameColours, noise, quadrantColours, quadrants } from '../support/images.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const reference = (await createImageProcessor(quiet))!;
const wasm = createWasmImageProcessor();

const both = (run: (p: ImageProcessor) => Promise<unknown>) => Promise.all([run(reference), run(wasm)]);

describe('the WebAssembly image processor, beside sharp on the same inputs', () => {
  it('shrinks a large JPEG to the same size, as a JPEG without its EXIF', async () => {
    const jpeg = await noise(2000, 1000)
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret camera owner' } })
      .toBuffer();
    const out = await wasm.process(jpeg, 'image/jpeg', 1280);
    expect({ width: out.width, height: out.height }).toEqual({ width: 1280, height: 640 });
    const meta = await sharp(out.bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1280, height: 640 });
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(out.bytes).includes('secret camera owner')).toBe(false);
  });

  it('rounds odd sizes as sharp does and never enlarges', async () => {
    const sizes = [
      [1001, 333],
      [1000, 335],
      [3, 1000],
      [1234, 5],
      [150, 149],
      [80, 60],
    ] as const;
    for (const [w, h] of sizes) {
      const png = await noise(w, h).png().toBuffer();
      const [a, b] = await both((p) => p.process(png, 'image/png', 100));
      const size = (r: unknown) => ({ width: (r as { width: number }).width, height: (r as { height: number }).height });
      expect(size(b), `${w}×${h}`).toEqual(size(a));
      const meta = await sharp((b as { bytes: Uint8Array }).bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'png', ...size(a) });
    }
  });

  it('turns photos the right way up for each of the eight EXIF orientations', async () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      const jpeg = await quadrants(60, 40).jpeg({ quality: 100 }).withMetadata({ orientation }).toBuffer();
      const [a, b] = (await both((p) => p.process(jpeg, 'image/jpeg', 1000))) as { bytes: Uint8Array; width: number }[];
      expect(b!.width, `orientation ${orientation}`).toBe(a!.width);
      expect(await quadrantColours(b!.bytes), `orientation ${orientation}`).toEqual(await quadrantColours(a!.bytes));
      expect((await sharp(b!.bytes).metadata()).orientation).toBeUndefined();
    }
  });

  it('keeps a GIF animated, frame by frame, while shrinking it', async () => {
    const colours = ['#f00', '#0f0', '#00f'];
    const gif = await animatedGif(400, 200, colours, [100, 200, 300]);
    const out = await wasm.process(gif, 'image/gif', 100);
    expect({ width: out.width, height: out.height }).toEqual({ width: 100, height: 50 });
    const meta = await sharp(out.bytes, { animated: true }).metadata();
    expect(meta).toMatchObject({ format: 'gif', width: 100, pages: 3, pageHeight: 50, delay: [100, 200, 300] });
    expect(await frameColours(out.bytes)).toEqual(colours);
  });

  it('keeps a PNG’s transparency', async () => {
    const png = await sharp({ create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } })
      .png()
      .toBuffer();
    const out = await wasm.process(png, 'image/png', 100);
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(0);
  });

  it('rejects bytes that are no image, and still works afterwards', async () => {
    for (const bad of [new Uint8Array([1, 2, 3, 4, 5]), (await noise(50, 50).png().toBuffer()).subarray(0, 60)]) {
      await expect(wasm.process(bad, 'image/png', 100)).rejects.toThrow();
      await expect(reference.process(bad, 'image/png', 100)).rejects.toThrow();
    }
    const ok = await wasm.process(await noise(10, 10).jpeg().toBuffer(), 'image/jpeg', 100);
    expect(ok.width).toBe(10);
  });

  it('refuses pictures over its pixel limit with a message for the sender', async () => {
    const small = createWasmImageProcessor({ maxPixels: 1_000_000, maxAnimationPixels: 1_500_000 });
    const big = await noise(1200, 1000).jpeg().toBuffer();
    const refusal = small.process(big, 'image/jpeg', 100);
    await expect(refusal).rejects.toBeInstanceOf(ImageRejected);
    await expect(refusal).rejects.toThrow('That image is too large to share here (1200×1000); the limit is 1 megapixels.');
    const animation = await animatedGif(800, 800, ['#f00', '#0f0', '#00f']);
    await expect(small.process(animation, 'image/gif', 100)).rejects.toThrow('too many frames (3)');
  });

  it('has its refusal passed on to the sender by the room, and nobody sees the image', async () => {
    const { connect } = createTestRoom({}, { images: createWasmImageProcessor({ maxPixels: 10_000 }) });
    const [sender, witness] = [connect(), connect()];
    await sender.login('big-sender');
    await witness.login('witness');
    const png = await noise(200, 100).png().toBuffer();
    sender.send({ action: 'file', channel: 'offtopic', message: 'big.png', bytes: [...png] });
    await expect.poll(() => sender.last('error')?.message).toContain('That image is too large to share here (200×100)');
    expect(witness.all('message')).toEqual([]);
  });

  it.each(['node', 'bun', 'deno'] as const)(
    'loads and runs as a plain module on %s, outside the test runner',
    async (runtime) => {
      const file = join(await mkdtemp(join(tmpdir(), 'barertc-wasm-images-')), 'dance.gif');
      await writeFile(file, await animatedGif(400, 200, ['#f00', '#0f0']));
      const [cmd, ...args] = runtimeCommand(runtime, resolve(import.meta.dirname, '../fixtures/wasm-images-run.ts'));
      const run = spawnSync(cmd!, [...args, file, 'image/gif', '100'], {
        cwd: resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { width: number; height: number; base64: string };
      expect({ width: out.width, height: out.height }).toEqual({ width: 100, height: 50 });
      expect(await frameColours(Buffer.from(out.base64, 'base64'))).toEqual(['#f00', '#0f0']);
    },
    90_000,
  );
});
