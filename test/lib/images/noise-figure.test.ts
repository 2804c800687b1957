import { PNG } from 'pngjs';
import { createRng } from '../../../kernel/rng.js';
import { gaussianNoise } from '../../../lib/images/noise.js';
import { thumbnailBytes, thumbnailGridSvg } from '../../../lib/images/figure.js';

describe('gaussian noise', () => {
  it('unclipped noise has mean 0 and std σ; clipped stays in [0, 1]; seeded', () => {
    const x = new Float32Array(20000).fill(0.5);
    const n = gaussianNoise(x, 0.1, false, createRng(2, 'n'));
    const d = [...n].map((v) => v - 0.5);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    // Standard errors: σ/√n ≈ 7e-4 for the mean, σ/√(2n) ≈ 5e-4 for the std; 5 s.e. bounds.
    expect(Math.abs(mean)).toBeLessThan(0.0036);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.0025);
    const c = gaussianNoise(x, 2, true, createRng(2, 'n'));
    expect(Math.min(...c)).toBe(0);
    expect(Math.max(...c)).toBe(1);
    expect(gaussianNoise(x, 0.1, false, createRng(2, 'n'))).toEqual(n);
  });
});

describe('thumbnail figure', () => {
  it('shrinks by nearest neighbour and embeds decodable PNGs', () => {
    const v = Float32Array.from({ length: 6 * 4 }, (_, i) => (i % 4) / 3);
    const t = thumbnailBytes(v, 6, 4, 3);
    expect([t.h, t.w]).toEqual([3, 2]);
    expect([...t.bytes]).toEqual([0, 170, 0, 170, 0, 170]);
    const svg = thumbnailGridSvg([{ label: 'a<b', images: [{ values: v, caption: 'x' }] }], 6, 4, { max: 3 });
    expect(svg).toMatch(/a&lt;b/);
    const uri = /href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!;
    const png = PNG.sync.read(Buffer.from(uri, 'base64'));
    expect([png.width, png.height]).toEqual([2, 3]);
    expect(png.data[4]).toBe(170);
  });
});
