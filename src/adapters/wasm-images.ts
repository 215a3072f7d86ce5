import { PhotonImage, resize, SamplingFilter } from '@cf-wasm/photon';
import exifr from 'exifr';
import * as gifencModule from 'gifenc';
import { imageSize } from 'image-size';
import { GifReader } from 'omggif';
import { ImageRejected, type ImageType } from '../core/images.ts';
import type { ImageProcessor } from '../core/ports.ts';

export interface WasmImageOptions {
  /**
   * The most pixels one picture (one GIF frame) may have. Decoding takes 4 bytes a pixel, and
   * WebAssembly memory never shrinks, so this bounds what one image costs a Durable Object
   * (128 MB in all). The default takes a 12 MP phone photo (4032×3024).
   */
  maxPixels?: number;
  /** The most pixels all frames of an animated GIF may have together (CPU time per event is capped too). */
  maxAnimationPixels?: number;
}

// gifenc's `module` build (bundlers, Bun) has named exports; Node's ESM loader, given its CommonJS
// `main`, sees only a default export holding them.
const { applyPalette, GIFEncoder, quantize } =
  'GIFEncoder' in gifencModule ? gifencModule : (gifencModule as unknown as { default: typeof gifencModule }).default;

type SizeCheck = (width: number, height: number) => void;

interface Raster {
  rgba: Uint8Array;
  width: number;
  height: number;
}

/**
 * Image re-encoding in WebAssembly (photon) and plain JavaScript, for runtimes where sharp cannot
 * run: Cloudflare Workers above all, but it runs on Node as well. Observably the same as the sharp
 * adapter: EXIF orientation applied, metadata gone (the output is encoded from bare pixels), the
 * longest side shrunk to `maxSide` with sharp's rounding, JPEG at quality 90, GIFs kept animated.
 * Rejects with `ImageRejected` (a message for the sender) for pictures too large to decode here.
 */
export function createWasmImageProcessor(options: WasmImageOptions = {}): ImageProcessor {
  const maxPixels = options.maxPixels ?? 12_500_000;
  const maxAnimationPixels = options.maxAnimationPixels ?? 8 * maxPixels;
  const checkSize: SizeCheck = (width, height) => {
    if (width * height > maxPixels) {
      throw new ImageRejected(
        `That image is too large to share here (${width}×${height}); the limit is ${Math.round(maxPixels / 1e5) / 10} megapixels.`,
      );
    }
  };
  return {
    async process(bytes, type, maxSide) {
      const { frames, loops } = isGif(bytes)
        ? decodeGif(bytes, maxSide, checkSize, maxAnimationPixels)
        : { frames: [await decodePhoto(bytes, maxSide, checkSize)], loops: -1 };
      const first = frames[0];
      if (!first) throw new Error('an image without frames');
      // Like sharp without `animated`, anything but a GIF keeps the first frame.
      const encoded = type === 'image/gif' ? encodeGif(frames, loops) : encode(first, type);
      return { bytes: encoded, width: first.width, height: first.height };
    },
  };
}

const isGif = (bytes: Uint8Array) => bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46; // "GIF"

/** EXIF orientation 1–8 (1 when absent), from JPEG or PNG. */
async function orientationOf(bytes: Uint8Array): Promise<number> {
  const value: unknown = await exifr.orientation(bytes).catch(() => undefined);
  return typeof value === 'number' && value >= 1 && value <= 8 ? value : 1;
}

async function decodePhoto(bytes: Uint8Array, maxSide: number, checkSize: SizeCheck): Promise<Frame> {
  const { width = 0, height = 0 } = imageSize(bytes);
  checkSize(width, height);
  const orientation = await orientationOf(bytes);
  // photon panics (a WebAssembly trap) on bytes it cannot read; the trap surfaces as a RuntimeError.
  return { ...orient(shrink(PhotonImage.new_from_byteslice(bytes), maxSide), orientation), delay: 0 };
}

function encode(raster: Raster, type: ImageType): Uint8Array {
  const image = new PhotonImage(raster.rgba, raster.width, raster.height);
  try {
    return type === 'image/jpeg' ? image.get_bytes_jpeg(90) : image.get_bytes();
  } finally {
    image.free();
  }
}

/** The size sharp's `fit: 'inside'` with `withoutEnlargement` gives: the short side rounded, at least 1. */
function targetSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = (side: number) => Math.max(1, Math.round((side * maxSide) / longest));
  return { width: scale(width), height: scale(height) };
}

const pixelsOf = (image: PhotonImage): Raster => ({
  rgba: image.get_raw_pixels(),
  width: image.get_width(),
  height: image.get_height(),
});

/**
 * Shrink in WebAssembly memory (Lanczos3, as sharp resizes by default) and take out only the
 * result's pixels; frees `image`.
 */
function shrink(image: PhotonImage, maxSide: number): Raster {
  try {
    const size = targetSize(image.get_width(), image.get_height(), maxSide);
    if (size.width === image.get_width() && size.height === image.get_height()) return pixelsOf(image);
    const resized = resize(image, size.width, size.height, SamplingFilter.Lanczos3);
    try {
      return pixelsOf(resized);
    } finally {
      resized.free();
    }
  } finally {
    image.free();
  }
}

/** Turn stored pixels the right way up for an EXIF orientation (after shrinking: fewer pixels to move). */
function orient(raster: Raster, orientation: number): Raster {
  if (orientation === 1) return raster;
  const { rgba, width: w, height: h } = raster;
  const swap = orientation >= 5;
  const width = swap ? h : w;
  const height = swap ? w : h;
  const out = new Uint8Array(rgba.length);
  // Where the pixel shown at (x, y) is stored in the source.
  const source: Record<number, (x: number, y: number) => number> = {
    2: (x, y) => y * w + (w - 1 - x),
    3: (x, y) => (h - 1 - y) * w + (w - 1 - x),
    4: (x, y) => (h - 1 - y) * w + x,
    5: (x, y) => x * w + y,
    6: (x, y) => (h - 1 - x) * w + y,
    7: (x, y) => (h - 1 - x) * w + (w - 1 - y),
    8: (x, y) => x * w + (w - 1 - y),
  };
  const from = source[orientation]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = from(x, y) * 4;
      out.set(rgba.subarray(s, s + 4), (y * width + x) * 4);
    }
  }
  return { rgba: out, width, height };
}

interface Frame extends Raster {
  /** Milliseconds. */
  delay: number;
}

/**
 * GIFs, still or animated: each frame is composed onto the canvas as a viewer would show it
 * (disposal honoured), shrunk, and written as a whole frame, so the animation survives.
 */
function decodeGif(
  bytes: Uint8Array,
  maxSide: number,
  checkSize: SizeCheck,
  maxAnimationPixels: number,
): { frames: Frame[]; loops: number } {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  checkSize(width, height);
  if (width * height * reader.numFrames() > maxAnimationPixels) {
    throw new ImageRejected(`That animated GIF has too many frames (${reader.numFrames()}) to share here.`);
  }
  const canvas = new Uint8Array(width * height * 4);
  const frames: Frame[] = [];
  for (let i = 0; i < reader.numFrames(); i++) {
    const info = reader.frameInfo(i);
    const restore = info.disposal === 3 ? canvas.slice() : undefined;
    reader.decodeAndBlitFrameRGBA(i, canvas);
    frames.push({ ...shrink(new PhotonImage(canvas, width, height), maxSide), delay: info.delay * 10 });
    if (info.disposal === 2) {
      for (let y = info.y; y < Math.min(height, info.y + info.height); y++) {
        canvas.fill(0, (y * width + info.x) * 4, (y * width + Math.min(width, info.x + info.width)) * 4);
      }
    } else if (restore) {
      canvas.set(restore);
    }
  }
  // omggif: null = no looping extension (play once); gifenc: -1 = once, 0 = forever.
  return { frames, loops: reader.loopCount() ?? -1 };
}

function encodeGif(frames: Frame[], repeat: number): Uint8Array {
  const gif = GIFEncoder();
  for (const frame of frames) {
    const palette = quantize(frame.rgba, 256, { format: 'rgba4444', oneBitAlpha: true });
    const index = applyPalette(frame.rgba, palette, 'rgba4444');
    const transparentIndex = palette.findIndex((color) => color[3] === 0);
    gif.writeFrame(index, frame.width, frame.height, {
      palette,
      delay: frame.delay,
      repeat,
      ...(transparentIndex >= 0 ? { transparent: true, transparentIndex, dispose: 2 } : {}),
    });
  }
  gif.finish();
  return gif.bytes();
}
