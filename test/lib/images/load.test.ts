import { createRng } from '../../../kernel/rng.js';
import {
  buildSegmentationDataset,
  decodePng,
  encodeGreyPng,
  encodeRgbPng,
  foregroundFraction,
  holdoutIndices,
  ImageFileError,
  listPairs,
  readPairs,
  type DecodedPair,
  type ImageDataOptions,
} from '../../../lib/images/index.js';

const OPTS: ImageDataOptions = { channels: 1, normalize: 'unit', mask: 'binary', validation: 1, holdout: 'last', crop: 2, augment: [] };

function pair(name: string, image: Uint8Array, mask: Uint8Array, w: number, h: number, rgb = false): DecodedPair {
  const img = decodePng(rgb ? encodeRgbPng(image, w, h) : encodeGreyPng(image, w, h), name, 'image');
  return { pair: { name, image: `img/${name}`, label: `lab/${name}` }, image: img, label: decodePng(encodeGreyPng(mask, w, h), name, 'label') };
}

describe('building the segmentation dataset', () => {
  it('PNG round trip, unit and per-image normalisation, 0/255 masks to 0/1', () => {
    const img = Uint8Array.from([10, 60, 110, 210]);
    const d = [pair('a.png', img, Uint8Array.from([0, 255, 255, 0]), 2, 2), pair('b.png', img, Uint8Array.from([255, 255, 255, 255]), 2, 2)];
    const unit = buildSegmentationDataset(d, OPTS, createRng(1));
    expect([...unit.splits.train!.x]).toEqual([10, 60, 110, 210].map((v) => Math.fround(v / 255)));
    expect([...unit.splits.train!.y]).toEqual([0, 1, 1, 0]);
    expect(unit.splits.validation!.files).toEqual(['img/b.png']);
    const stretched = buildSegmentationDataset(d, { ...OPTS, normalize: 'per_image' }, createRng(1));
    expect([...stretched.splits.train!.x]).toEqual([0, 0.25, 0.5, 1]);
  });

  it('colour images: luma with 1 channel, RGB with 3', () => {
    const rgb = Uint8Array.from([200, 100, 0, 0, 0, 255]);
    const d = [pair('c.png', rgb, Uint8Array.from([0, 255]), 2, 1, true), pair('d.png', rgb, Uint8Array.from([0, 255]), 2, 1, true)];
    const grey = buildSegmentationDataset(d, { ...OPTS, crop: 1 }, createRng(1));
    expect(grey.splits.train!.x[0]).toBeCloseTo(Math.round(0.299 * 200 + 0.587 * 100) / 255, 6);
    expect(grey.splits.train!.x[1]).toBeCloseTo(Math.round(0.114 * 255) / 255, 6);
    const colour = buildSegmentationDataset(d, { ...OPTS, crop: 1, channels: 3 }, createRng(1));
    expect(colour.channels).toBe(3);
    expect([...colour.splits.train!.x].map((v) => Math.round(v * 255))).toEqual([200, 100, 0, 0, 0, 255]);
  });

  it('hold-out: last k in order, or a seeded sorted choice', () => {
    expect(holdoutIndices(10, 3, 'last', createRng(1))).toEqual([7, 8, 9]);
    const a = holdoutIndices(10, 3, 'random', createRng(5, 'h'));
    expect(holdoutIndices(10, 3, 'random', createRng(5, 'h'))).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });

  it('errors name the file: unreadable PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]), 'x/bad.png', 'image')).toThrow(ImageFileError);
    expect(() => decodePng(new Uint8Array([1, 2, 3]), 'x/bad.png', 'image')).toThrow(/x\/bad\.png: not a readable PNG/);
  });

  it('the membrane data: 30 pairs of 512×512 grey images, masks binary, ~78% white', async () => {
    const root = '/work/shared/data/membrane/train';
    const pairs = await listPairs(`${root}/image`, `${root}/label`);
    expect(pairs.map((p) => p.name).slice(0, 3)).toEqual(['0.png', '1.png', '2.png']);
    expect(pairs).toHaveLength(30);
    const ds = buildSegmentationDataset(await readPairs(pairs.slice(25)), { ...OPTS, validation: 2, crop: 256 }, createRng(1));
    expect([ds.height, ds.width, ds.channels]).toEqual([512, 512, 1]);
    expect(ds.splits.validation!.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['28.png', '29.png']);
    // PROVENANCE.md: white fraction per mask 0.73-0.83.
    const fg = foregroundFraction(ds.splits.train!);
    expect(fg).toBeGreaterThan(0.73);
    expect(fg).toBeLessThan(0.83);
  });
});
