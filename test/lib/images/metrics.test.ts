import { accumulate, backgroundConfusion, dice, emptyConfusion, iou, pixelError } from '../../../lib/images/metrics.js';
import { createRng } from '../../../kernel/rng.js';

// Oracle: the set definitions, on explicit index sets.
function setScores(pred: boolean[], truth: boolean[]) {
  const P = new Set(pred.flatMap((p, i) => (p ? [i] : [])));
  const T = new Set(truth.flatMap((t, i) => (t ? [i] : [])));
  const inter = [...P].filter((i) => T.has(i)).length;
  const union = new Set([...P, ...T]).size;
  const wrong = pred.filter((p, i) => p !== truth[i]).length;
  return { dice: P.size + T.size ? (2 * inter) / (P.size + T.size) : 1, iou: union ? inter / union : 1, err: wrong / pred.length };
}

describe('segmentation metrics', () => {
  it('match the set definitions on random masks, pooled over images', () => {
    const rng = createRng(11, 'metrics');
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + rng.int(50);
      const logits = Float32Array.from({ length: n }, () => rng.normal());
      const truth = Float32Array.from({ length: n }, () => (rng.next() < 0.3 + 0.02 * trial ? 1 : 0));
      // Split into two "images" to check that counts pool.
      const c = emptyConfusion();
      accumulate(c, logits.subarray(0, 20), truth.subarray(0, 20));
      accumulate(c, logits.subarray(20), truth.subarray(20));
      const want = setScores([...logits].map((v) => v > 0), [...truth].map((t) => t === 1));
      expect(dice(c)).toBeCloseTo(want.dice, 12);
      expect(iou(c)).toBeCloseTo(want.iou, 12);
      expect(pixelError(c)).toBeCloseTo(want.err, 12);
      const bg = setScores([...logits].map((v) => !(v > 0)), [...truth].map((t) => t === 0));
      expect(dice(backgroundConfusion(c))).toBeCloseTo(bg.dice, 12);
    }
  });

  it('known values: perfect, disjoint, empty, and all-foreground on a 78% mask', () => {
    const truth = new Float32Array([1, 1, 0, 0]);
    expect(dice(accumulate(emptyConfusion(), [1, 1, -1, -1], truth))).toBe(1);
    expect(iou(accumulate(emptyConfusion(), [-1, -1, 1, 1], truth))).toBe(0);
    expect(dice(accumulate(emptyConfusion(), [-1, -1], [0, 0]))).toBe(1);
    // Predicting everything white when 78% is white: Dice = 2·0.78/(0.78+1) ≈ 0.876.
    const t = Float32Array.from({ length: 100 }, (_, i) => (i < 78 ? 1 : 0));
    expect(dice(accumulate(emptyConfusion(), new Float32Array(100).fill(1), t))).toBeCloseTo(0.8764, 4);
    // A logit of exactly 0 (probability 0.5) counts as background.
    expect(accumulate(emptyConfusion(), [0], [1]).fn).toBe(1);
  });

  it('refuses predictions and masks of different lengths', () => {
    expect(() => accumulate(emptyConfusion(), [1, 2], [1])).toThrow(/2 predictions for 1 mask pixels/);
  });
});
