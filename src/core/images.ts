import { toBase64 } from './base64.ts';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif';

const TYPES: Record<string, ImageType> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };

/** The image type a file name promises, by its extension (docs/protocol.md#file, step 3). */
export function imageTypeOf(filename: string): ImageType | undefined {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? undefined : TYPES[filename.slice(dot + 1).toLowerCase()];
}

/**
 * An `ImageProcessor` refusal meant for the sender (say, a picture too large for the runtime),
 * passed on as is; any other rejection means the bytes could not be read.
 */
export class ImageRejected extends Error {
  override name = 'ImageRejected';
}

export interface Size {
  width: number;
  height: number;
}

/** Scale down so the longest side is at most `max`, keeping proportions (sides truncated). */
export function fitWithin(size: Size, max: number): Size {
  const longest = Math.max(size.width, size.height);
  if (longest <= max) return size;
  const scale = max / longest;
  return { width: Math.max(1, Math.floor(size.width * scale)), height: Math.max(1, Math.floor(size.height * scale)) };
}

/**
 * The shared image as the chat page expects it: one `<img ` element with a data: URI, the display
 * size, a click handler opening the page's full-size viewer and a pointer cursor (docs/protocol.md#file, step 6).
 */
export function imageHtml(type: ImageType, bytes: Uint8Array, display: Size): string {
  return (
    `<img src="data:${type};base64,${toBase64(bytes)}" width="${display.width}" height="${display.height}" ` +
    'onclick="setModalImage(this.src)" style="cursor: pointer">'
  );
}
