/**
 * Bytes → model inputs and targets. Images become floats in [0, 1] (so a noise σ means a fraction
 * of the intensity range); masks become exactly 0/1, and a mask that is not black-and-white is
 * refused by default rather than silently thresholded.
 */
import { ImageFileError } from './errors.js';

/**
 * `unit`: byte / 255. `per_image`: each image stretched so its own darkest pixel is 0 and
 * brightest 1 (evens out exposure differences between files; a flat image becomes all 0).
 */
export type Normalize = 'unit' | 'per_image';

/** `binary`: only 0 and 255 allowed. `threshold`: level ≥ 128 is foreground. */
export type MaskMode = 'binary' | 'threshold';

/** Writes `bytes` normalised into `out` starting at `offset`. */
export function normalizeInto(bytes: Uint8Array, mode: Normalize, out: Float32Array, offset: number): void {
  let lo = 0;
  let scale = 1 / 255;
  if (mode === 'per_image') {
    let min = 255;
    let max = 0;
    for (const b of bytes) {
      if (b < min) min = b;
      if (b > max) max = b;
    }
    lo = min;
    scale = max > min ? 1 / (max - min) : 0;
  }
  for (let i = 0; i < bytes.length; i++) out[offset + i] = (bytes[i] - lo) * scale;
}

/**
 * Writes the mask as 0/1 into `out` at `offset` (1 = white = foreground). In `binary` mode the
 * first grey pixel is reported with its position and the distinct levels seen, so a JPEG-ish
 * or anti-aliased mask is easy to recognise.
 */
export function maskInto(grey: Uint8Array, width: number, mode: MaskMode, file: string, out: Float32Array, offset: number): void {
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i];
    if (mode === 'binary' && v !== 0 && v !== 255) {
      const levels = [...new Set(grey)].sort((a, b) => a - b);
      const shown = levels.length > 8 ? `${levels.slice(0, 8).join(', ')}, … (${levels.length} levels)` : levels.join(', ');
      throw new ImageFileError(
        file,
        `mask is not binary: pixel (row ${Math.floor(i / width)}, column ${i % width}) is ${v}; levels found: ${shown}. Use mask: threshold to binarise at 128`,
        'label',
      );
    }
    out[offset + i] = v >= 128 ? 1 : 0;
  }
}
