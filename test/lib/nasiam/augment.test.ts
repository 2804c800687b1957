/** Augmentations: seeded (same seed → same views), and each op checked on a tiny image by hand. */
import { augmentPairs, augmentRow, imageShape } from '../../../lib/nasiam/augment.js';
import { createRng } from '../nn/helpers.js';

const img = Float32Array.from({ length: 16 }, (_, i) => i + 1); // 4×4×1

test('same seed gives the same pairs, another seed other pairs', () => {
  const x = new Float32Array(3 * 16).map((_, i) => (i * 7) % 11);
  const o = { ops: ['crop', 'flip', 'noise'] as const, shape: [4, 4, 1] as [number, number, number] };
  const a = augmentPairs(x, 16, [0, 2, 1], { ...o, ops: [...o.ops] }, createRng(1, 'aug'));
  const b = augmentPairs(x, 16, [0, 2, 1], { ...o, ops: [...o.ops] }, createRng(1, 'aug'));
  const c = augmentPairs(x, 16, [0, 2, 1], { ...o, ops: [...o.ops] }, createRng(2, 'aug'));
  expect(a).toEqual(b);
  expect(a[0]).not.toEqual(c[0]);
  // the two views of one image differ (independent draws)
  expect(a[0]).not.toEqual(a[1]);
});

test('flip mirrors columns or leaves the image; crop shifts with zero fill and keeps pixels', () => {
  const mirrored = Float32Array.from({ length: 16 }, (_, i) => img[Math.floor(i / 4) * 4 + (3 - (i % 4))]!);
  const rng = createRng(3, 'flip');
  let sawFlip = false;
  for (let k = 0; k < 20; k++) {
    const out = augmentRow(img, { ops: ['flip'], shape: [4, 4, 1] }, rng);
    if (out[0] === mirrored[0]) {
      expect(out).toEqual(mirrored);
      sawFlip = true;
    } else expect(out).toEqual(img);
  }
  expect(sawFlip).toBe(true);
  for (let k = 0; k < 20; k++) {
    const out = augmentRow(img, { ops: ['crop'], shape: [4, 4, 1], shift: 1 }, rng);
    // every non-zero pixel keeps its value and is one of the source pixels at offset ≤ 1
    for (let i = 0; i < 16; i++) {
      if (out[i] === 0) continue;
      const src = out[i]! - 1;
      expect(Math.abs(Math.floor(src / 4) - Math.floor(i / 4))).toBeLessThanOrEqual(1);
      expect(Math.abs((src % 4) - (i % 4))).toBeLessThanOrEqual(1);
    }
  }
  expect(augmentRow(img, { ops: ['crop'], shape: [4, 4, 1], shift: 0 }, rng)).toEqual(img);
});

test('image shapes: flat squares read as one channel, others are refused', () => {
  expect(imageShape([784])).toEqual([28, 28, 1]);
  expect(imageShape([28, 28, 1])).toEqual([28, 28, 1]);
  expect(imageShape([10])).toBeUndefined();
});

test('erase zeroes one side×side square and keeps the rest; brightness scales every pixel by one factor in range', () => {
  const rng = createRng(4, 'erase');
  for (let k = 0; k < 10; k++) {
    const out = augmentRow(img, { ops: ['erase'], shape: [4, 4, 1], erase: 2 }, rng);
    const zeroed = [...out.keys()].filter((i) => out[i] === 0);
    expect(zeroed).toHaveLength(4);
    const rows = zeroed.map((i) => Math.floor(i / 4));
    const cols = zeroed.map((i) => i % 4);
    expect(Math.max(...rows) - Math.min(...rows)).toBe(1);
    expect(Math.max(...cols) - Math.min(...cols)).toBe(1);
    for (let i = 0; i < 16; i++) if (out[i] !== 0) expect(out[i]).toBe(img[i]);
  }
  for (let k = 0; k < 10; k++) {
    const out = augmentRow(img, { ops: ['brightness'], shape: [4, 4, 1], brightness: 0.3 }, rng);
    const f = out[0]! / img[0]!;
    expect(f).toBeGreaterThanOrEqual(0.7);
    expect(f).toBeLessThanOrEqual(1.3);
    for (let i = 0; i < 16; i++) expect(out[i]!).toBeCloseTo(img[i]! * f, 5);
  }
});
