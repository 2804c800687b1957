import { createRng } from '../../../kernel/rng.js';
import { accumulate, dice, emptyConfusion, evaluateUnderNoise, gaussianNoise, type TilePredictor } from '../../../lib/images/index.js';

// A "model" that thresholds the image at 0.5, on masks made by the same threshold: clean Dice is 1
// and noisy scores can be recomputed directly (same seeded noise, no tiling).
const threshold: TilePredictor = async (x) => x.map((v) => v - 0.5);
const H = 12, W = 10, N = 3;
const x = Float32Array.from({ length: N * H * W }, (_, i) => 0.5 + 0.45 * Math.sin(i * 0.7));
const split = { x, y: x.map((v) => (v - 0.5 > 0 ? 1 : 0)), n: N, files: ['a', 'b', 'c'] };
const shape = { height: H, width: W, channels: 1 };

describe('evaluateUnderNoise', () => {
  it('clean scores are perfect; noisy scores equal a direct computation with the same noise', async () => {
    const noiseRng = (s: number) => createRng(7, `noise/${s}`);
    const res = await evaluateUnderNoise(split, shape, threshold, { tile: 8, overlap: 2, batch: 3, noise: [0, 0.3], clip: true, keep: 2, noiseRng });
    expect(dice(res.confusion[0]!)).toBe(1);
    const rng = noiseRng(0.3);
    const direct = emptyConfusion();
    for (let i = 0; i < N; i++) {
      const noisy = gaussianNoise(x.subarray(i * H * W, (i + 1) * H * W), 0.3, true, rng);
      accumulate(direct, noisy.map((v) => v - 0.5), split.y.subarray(i * H * W, (i + 1) * H * W));
    }
    expect(res.confusion[1]).toEqual(direct);
    expect(dice(res.confusion[1]!)).toBeLessThan(1);
    expect(res.kept.map((k) => [k.file, k.sigma])).toEqual([['a', 0], ['a', 0.3], ['b', 0], ['b', 0.3]]);
    expect(res.msPerImage).toBeGreaterThanOrEqual(0);
  });
});
