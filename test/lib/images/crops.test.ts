import { createRng } from '../../../kernel/rng.js';
import { sampleCrops, sourceOf } from '../../../lib/images/crops.js';
import type { Augment, SegmentationSplit } from '../../../lib/images/dataset.js';

// Every pixel value is unique (image, row, col, channel encoded), so a crop identifies its source exactly.
function uniqueSplit(n: number, h: number, w: number, ch: number): SegmentationSplit {
  const x = new Float32Array(n * h * w * ch);
  const y = new Float32Array(n * h * w);
  for (let i = 0; i < x.length; i++) x[i] = i;
  for (let i = 0; i < y.length; i++) y[i] = (i * 7919) % 2; // a 0/1 pattern tied to position
  return { x, y, n, files: Array.from({ length: n }, (_, i) => `${i}.png`) };
}

type Grid = number[][];
const window = (s: SegmentationSplit, h: number, w: number, ch: number, img: number, top: number, left: number, k: number, side: number): Grid =>
  Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => s.x[((img * h + top + r) * w + left + c) * ch + k]));
// Independent oracle: rotate = transpose then reverse rows (counter-clockwise); mirror = reverse each row.
const rotCcw = (g: Grid): Grid => g[0].map((_, j) => g.map((row) => row[j])).reverse();
const mirror = (g: Grid): Grid => g.map((row) => [...row].reverse());
const dihedral = (g: Grid): Grid[] => {
  const out: Grid[] = [];
  let cur = g;
  for (let t = 0; t < 4; t++) {
    out.push(cur, mirror(cur));
    cur = rotCcw(cur);
  }
  return out;
};
const cropGrid = (x: Float32Array, s: number, side: number, ch: number, k: number): Grid =>
  Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => x[((s * side + r) * side + c) * ch + k]));

const H = 9, W = 11, C = 2, N = 3, SIDE = 4;
const shape = { height: H, width: W, channels: C };

/** Which (image, top, left) window and which dihedral transform a crop equals, found by brute force. */
function locate(split: SegmentationSplit, crop: Grid, allowed: number[]): { img: number; top: number; left: number; t: number } | null {
  for (let img = 0; img < N; img++)
    for (let top = 0; top + SIDE <= H; top++)
      for (let left = 0; left + SIDE <= W; left++) {
        const cands = dihedral(window(split, H, W, C, img, top, left, 0, SIDE));
        for (const t of allowed) if (JSON.stringify(cands[t]) === JSON.stringify(crop)) return { img, top, left, t };
      }
  return null;
}

describe('sampleCrops', () => {
  const split = uniqueSplit(N, H, W, C);

  it('without augmentation each crop is exactly a source window, in every channel, with its mask', () => {
    const { x, y } = sampleCrops(split, shape, 12, SIDE, [], createRng(3, 'crops'));
    expect(x.length).toBe(12 * SIDE * SIDE * C);
    expect(y.length).toBe(12 * SIDE * SIDE);
    for (let s = 0; s < 12; s++) {
      const found = locate(split, cropGrid(x, s, SIDE, C, 0), [0]);
      expect(found).not.toBeNull();
      const { img, top, left } = found!;
      expect(cropGrid(x, s, SIDE, C, 1)).toEqual(window(split, H, W, C, img, top, left, 1, SIDE));
      for (let r = 0; r < SIDE; r++)
        for (let c = 0; c < SIDE; c++) expect(y[(s * SIDE + r) * SIDE + c]).toBe(split.y[(img * H + top + r) * W + left + c]);
    }
  });

  it('with flip and rotate90 each crop is one of the 8 dihedral images of a window, and all 8 occur', () => {
    const seen = new Set<number>();
    const { x } = sampleCrops(split, shape, 80, SIDE, ['flip', 'rotate90'], createRng(5, 'crops'));
    for (let s = 0; s < 80; s++) {
      const found = locate(split, cropGrid(x, s, SIDE, C, 0), [0, 1, 2, 3, 4, 5, 6, 7]);
      expect(found).not.toBeNull();
      seen.add(found!.t);
    }
    expect(seen.size).toBe(8);
  });

  it.each<[Augment[], number[]]>([
    [['flip'], [0, 1]],
    [['rotate90'], [0, 2, 4, 6]],
  ])('with only %j the transforms stay in that subgroup', (aug, allowed) => {
    const { x } = sampleCrops(split, shape, 30, SIDE, aug, createRng(8, 'crops'));
    for (let s = 0; s < 30; s++) expect(locate(split, cropGrid(x, s, SIDE, C, 0), allowed)).not.toBeNull();
  });

  it('transforms the mask exactly as the image (sourceOf is a permutation of the window)', () => {
    for (let turns = 0; turns < 4; turns++)
      for (const flip of [false, true]) {
        const hit = new Set<string>();
        for (let r = 0; r < 5; r++) for (let c = 0; c < 5; c++) hit.add(sourceOf(r, c, 5, turns, flip).join(','));
        expect(hit.size).toBe(25);
      }
    const { x, y } = sampleCrops(split, shape, 20, SIDE, ['flip', 'rotate90'], createRng(9, 'crops'));
    for (let i = 0; i < y.length; i++) {
      // x channel 0 encodes its source pixel; the mask must come from the same pixel.
      const pix = x[i * C] / C;
      expect(y[i]).toBe(split.y[pix]);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = sampleCrops(split, shape, 6, SIDE, ['flip', 'rotate90'], createRng(1, 'crops'));
    const b = sampleCrops(split, shape, 6, SIDE, ['flip', 'rotate90'], createRng(1, 'crops'));
    const c = sampleCrops(split, shape, 6, SIDE, ['flip', 'rotate90'], createRng(2, 'crops'));
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    expect(c.x).not.toEqual(a.x);
  });

  it('rejects a crop larger than the image', () => {
    expect(() => sampleCrops(split, shape, 1, 10, [], createRng(1))).toThrow(/crop 10 does not fit in 9×11/);
  });
});
