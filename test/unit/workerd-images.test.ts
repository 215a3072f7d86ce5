import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageProcessor } from '../../src/adapters/sharp-images.ts';
import type { ImageType } from '../../src/core/images.ts';
import type { ProcessedImage } from '../../src/core/ports.ts';
import { animatedGif, frameColours, noise, quadrantColours, quadrants } from '../support/images.ts';
import { startEdgeWorker, type EdgeWorker } from '../support/workerd.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const reference = (await createImageProcessor(quiet))!;

let worker: EdgeWorker;
beforeAll(async () => {
  worker = await startEdgeWorker();
});
afterAll(async () => {
  await worker?.stop();
});

/** Re-encode in workerd, through the Worker bundle with photon's wasm as a compiled module. */
async function inWorkerd(bytes: Uint8Array, type: ImageType, maxSide: number): Promise<ProcessedImage> {
  const res = await worker.fetch(`/image?type=${type}&max=${maxSide}`, { body: bytes });
  if (res.status !== 200) throw new Error(`workerd refused the image: ${res.status} ${await res.text()}`);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    width: Number(res.headers.get('X-Width')),
    height: Number(res.headers.get('X-Height')),
  };
}

/** The Worker's answer to bytes it cannot re-encode. */
async function refusalInWorkerd(bytes: Uint8Array, type: ImageType) {
  const res = await worker.fetch(`/image?type=${type}&max=100`, { body: bytes });
  return { status: res.status, body: (await res.json()) as { error: string; rejected: boolean } };
}

describe('images re-encoded inside workerd', () => {
  it('turn a phone photo upright from its EXIF, shrink it and drop its metadata, as sharp does on Node', async () => {
    const photo = await quadrants(600, 400)
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Copyright: 'secret camera owner' } })
      .toBuffer();
    const out = await inWorkerd(photo, 'image/jpeg', 300);
    const node = await reference.process(photo, 'image/jpeg', 300);
    expect({ width: out.width, height: out.height }).toEqual({ width: 200, height: 300 });
    expect({ width: out.width, height: out.height }).toEqual({ width: node.width, height: node.height });
    const meta = await sharp(out.bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: 200, height: 300 });
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(out.bytes).includes('secret camera owner')).toBe(false);
    expect(await quadrantColours(out.bytes)).toEqual(await quadrantColours(node.bytes));
  });

  it('keep a small PNG at its own size, as a PNG', async () => {
    const png = await noise(200, 100).png().toBuffer();
    const out = await inWorkerd(png, 'image/png', 1280);
    expect({ width: out.width, height: out.height }).toEqual({ width: 200, height: 100 });
    expect(await sharp(out.bytes).metadata()).toMatchObject({ format: 'png', width: 200, height: 100 });
  });

  it('keep a GIF animated while shrinking it', async () => {
    const gif = await animatedGif(1000, 500, ['#f00', '#0f0', '#00f']);
    const out = await inWorkerd(gif, 'image/gif', 360);
    expect({ width: out.width, height: out.height }).toEqual({ width: 360, height: 180 });
    expect(await sharp(out.bytes, { animated: true }).metadata()).toMatchObject({ format: 'gif', pages: 3, pageHeight: 180 });
    expect(await frameColours(out.bytes)).toEqual(['#f00', '#0f0', '#00f']);
  });

  it('refuse bytes that are no image, and the next image still works', async () => {
    for (const garbage of [new Uint8Array([1, 2, 3, 4, 5]), (await noise(50, 50).png().toBuffer()).subarray(0, 60)]) {
      expect(await refusalInWorkerd(garbage, 'image/png')).toMatchObject({ status: 422, body: { rejected: false } });
    }
    expect(await inWorkerd(await noise(20, 10).jpeg().toBuffer(), 'image/jpeg', 100)).toMatchObject({ width: 20, height: 10 });
  });
});
