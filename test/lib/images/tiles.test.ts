import { predictTiled, tileStarts, type TilePredictor } from '../../../lib/images/tiles.js';

/** Predicts channel 0 of each pixel as its logit: stitching must give the image back exactly. */
const identity = (channels: number): TilePredictor => async (x, count, side) => {
  const out = new Float32Array(count * side * side);
  for (let i = 0; i < out.length; i++) out[i] = x[i * channels];
  return out;
};

describe('tiled prediction', () => {
  it('tile starts cover the axis and end at the border', () => {
    expect(tileStarts(512, 256, 0)).toEqual([0, 256]);
    expect(tileStarts(512, 256, 32)).toEqual([0, 224, 256]);
    expect(tileStarts(100, 40, 0)).toEqual([0, 40, 60]);
    expect(tileStarts(30, 40, 0)).toEqual([0]);
    expect(() => tileStarts(100, 40, 40)).toThrow(/overlap 40/);
  });

  it.each([
    [20, 28, 8, 0, 3],
    [20, 28, 8, 3, 2],
    [16, 16, 64, 0, 1],
    [17, 23, 6, 5, 4],
  ])('%i×%i image, tile %i overlap %i batch %i: a pixel-wise predictor is reproduced exactly', async (h, w, tile, overlap, batch) => {
    const channels = 2;
    const image = Float32Array.from({ length: h * w * channels }, (_, i) => Math.sin(i));
    const calls: number[] = [];
    const spy: TilePredictor = async (x, count, side) => {
      calls.push(count);
      expect(side).toBe(Math.min(tile, h, w));
      return identity(channels)(x, count, side);
    };
    const out = await predictTiled(image, h, w, channels, { tile, overlap, batch }, spy);
    const want = Float32Array.from({ length: h * w }, (_, p) => image[p * channels]!);
    // Averaging identical overlapping values in float32 can round by one ulp.
    for (let p = 0; p < h * w; p++) expect(out[p]).toBeCloseTo(want[p]!, 6);
    expect(calls.every((c) => c <= batch)).toBe(true);
  });

  it('overlapping tiles average their logits', async () => {
    // Each tile predicts a constant equal to its call index: where two tiles overlap, the mean.
    let k = 0;
    const constant: TilePredictor = async (_x, count, side) => {
      const out = new Float32Array(count * side * side);
      for (let t = 0; t < count; t++) out.fill(k++, t * side * side, (t + 1) * side * side);
      return out;
    };
    // A 4×10 image with tile 4 and overlap 1: windows start at columns 0, 3, 6.
    const out = await predictTiled(new Float32Array(40), 4, 10, 1, { tile: 4, overlap: 1, batch: 1 }, constant);
    expect([...out.slice(0, 10)]).toEqual([0, 0, 0, 0.5, 1, 1, 1.5, 2, 2, 2]);
  });
});
