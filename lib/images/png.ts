/**
 * PNG decoding and encoding through pngjs. pngjs hands back every PNG as 8-bit RGBA (16-bit
 * samples rescaled, palettes expanded); we keep whether the file was colour so greyscale files
 * are read from one channel rather than averaged.
 */
import { PNG } from 'pngjs';
import { ImageFileError } from './errors.js';

export interface DecodedImage {
  width: number;
  height: number;
  /** Whether the file stores colour (RGB, RGBA or a palette); false for grey / grey+alpha. */
  color: boolean;
  /** width×height×4 bytes, row-major RGBA. */
  rgba: Uint8Array;
}

/** Decodes one PNG; anything pngjs rejects becomes an ImageFileError naming `file`. */
export function decodePng(bytes: Uint8Array, file: string, role: 'image' | 'label'): DecodedImage {
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ImageFileError(file, `not a readable PNG (${(e as Error).message})`, role);
  }
  return { width: png.width, height: png.height, color: png.color || png.palette, rgba: png.data };
}

/**
 * One value per pixel: the grey level, or for colour files the Rec. 601 luma
 * (0.299 R + 0.587 G + 0.114 B), the usual single-channel reading of a colour image.
 */
export function toGrey(img: DecodedImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const p = img.rgba;
  for (let i = 0; i < n; i++) {
    out[i] = img.color ? Math.round(0.299 * p[4 * i] + 0.587 * p[4 * i + 1] + 0.114 * p[4 * i + 2]) : p[4 * i];
  }
  return out;
}

/** width×height×3 RGB bytes (grey files repeat their level in all three). */
export function toRgb(img: DecodedImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = img.rgba[4 * i + k];
  return out;
}

/** Encodes a greyscale image (bytes 0..255, row-major) as an 8-bit grey PNG. */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = png.data[4 * i + 1] = png.data[4 * i + 2] = grey[i];
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}

/** Encodes an RGB image (width×height×3 bytes) as an 8-bit RGB PNG. */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) png.data[4 * i + k] = rgb[3 * i + k];
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2 });
}
