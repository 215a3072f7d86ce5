import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/** Random pixels: an image that compresses badly, so sizes and re-encoding are realistic. */
export const noise = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });

/** Four solid quadrants (red, green / blue, white), so a wrong turn or flip shows in the colours. */
export function quadrants(width: number, height: number) {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const q = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1);
      px.set(
        [
          [255, 0, 0],
          [0, 255, 0],
          [0, 0, 255],
          [255, 255, 255],
        ][q]!,
        (y * width + x) * 3,
      );
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } });
}

/** The colour at the centre of each quadrant as `rgb` bits (`100` = red), robust to lossy JPEG. */
export async function quadrantColours(bytes: Uint8Array): Promise<string[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (fx: number, fy: number) => {
    const i = (Math.floor(info.height * fy) * info.width + Math.floor(info.width * fx)) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!].map((c) => (c > 127 ? 1 : 0)).join('');
  };
  return [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)];
}

/** An animated GIF with one solid frame per colour (`#f00`), each shown for `delays` ms. */
export async function animatedGif(width: number, height: number, colours: string[], delays?: number[]): Promise<Buffer> {
  const frames = await Promise.all(
    colours.map((background) =>
      sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif(delays ? { delay: delays } : {})
    .toBuffer();
}

/** The colour of the first pixel of each frame of an animated image, as `#f00`-style bits. */
export async function frameColours(bytes: Uint8Array): Promise<string[]> {
  const { pages = 1 } = await sharp(bytes, { animated: true }).metadata();
  const colours: string[] = [];
  for (let page = 0; page < pages; page++) {
    const { data } = await sharp(bytes, { page }).raw().toBuffer({ resolveWithObject: true });
    colours.push(`#${[data[0]!, data[1]!, data[2]!].map((c) => (c > 127 ? 'f' : '0')).join('')}`);
  }
  return colours;
}
