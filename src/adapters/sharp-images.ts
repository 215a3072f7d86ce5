import type { ImageProcessor, Logger } from '../core/ports.ts';

/**
 * Image re-encoding with sharp (libvips). Loaded lazily so a runtime where sharp's native module
 * cannot load still serves the chat; the room then refuses images with a clear error.
 */
export async function createImageProcessor(logger: Logger): Promise<ImageProcessor | undefined> {
  let sharp: typeof import('sharp').default;
  try {
    sharp = (await import('sharp')).default;
  } catch (err) {
    logger.warn(`Image sharing is off: the sharp image library could not be loaded (${(err as Error).message}).`);
    return undefined;
  }
  return {
    async process(bytes, type, maxSide) {
      // sharp writes no metadata (EXIF, XMP, ICC comments) unless asked to; rotate() applies the EXIF orientation first.
      const image = sharp(bytes, { animated: type === 'image/gif' })
        .rotate()
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
      const encoded = type === 'image/jpeg' ? image.jpeg({ quality: 90 }) : type === 'image/png' ? image.png() : image.gif();
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      // An animated GIF is a strip of frames; its display height is one frame's.
      const height = info.pageHeight ?? info.height;
      return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height };
    },
  };
}
