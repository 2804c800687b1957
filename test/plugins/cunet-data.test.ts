/**
 * `data images` through the kernel: tiny PNG folders written per test, the held-out split, and
 * each bad input a user can hit reported at its option with the file named.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuBackend } from '../../plugins/backends/cpu.js';
import { imagesPlugin } from '../../plugins/data/images.js';
import { encodeGreyPng } from '../../lib/images/index.js';
import { byType, runText, tempHome } from '../kernel/run-helpers.js';

const sources = [{ origin: 'builtin:cunet', plugins: [imagesPlugin], backends: [cpuBackend] }];

async function writeSet(home: string, n: number, size = 16, o: { mask?: (i: number) => Uint8Array; sizeOf?: (i: number) => number } = {}) {
  await mkdir(join(home, 'img'), { recursive: true });
  await mkdir(join(home, 'lab'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const s = o.sizeOf?.(i) ?? size;
    const img = new Uint8Array(s * s).map((_, p) => (p * 3 + i * 17) % 256);
    const lab = o.mask?.(i) ?? new Uint8Array(s * s).map((_, p) => ((p + i) % 3 === 0 ? 0 : 255));
    await writeFile(join(home, 'img', `${i}.png`), encodeGreyPng(img, s, s));
    await writeFile(join(home, 'lab', `${i}.png`), encodeGreyPng(lab, s, s));
  }
}

const stageLine = (opts: string) => `  data images { dir: "img", labels: "lab"${opts} }`;
const pipe = (opts: string) => `pipeline p {\n  backend cpu\n  seed 4\n${stageLine(opts)}\n}`;

const run = (home: string, opts: string) => runText(pipe(opts), home, { sources, noCache: true });
const names = (files: string[]) => files.map((f) => f.slice(f.lastIndexOf('/') + 1));

describe('data images', () => {
  let home: string;
  beforeEach(async () => (home = await tempHome()));
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('pairs the files in natural order and holds out the last k', async () => {
    await writeSet(home, 12);
    const { end } = await run(home, ', crop: 8, validation: 3');
    expect(end.status).toBe('ok');
    expect(end.stages.data!.metrics.validation_images).toBe(3);
    const r = end.stages.data!.result as { train: string[]; validation: string[]; height: number };
    expect(names(r.validation)).toEqual(['9.png', '10.png', '11.png']);
    expect(names(r.train).slice(0, 3)).toEqual(['0.png', '1.png', '2.png']);
    expect(r.height).toBe(16);
  });

  it('random hold-out is seeded', async () => {
    await writeSet(home, 12);
    const held = async () => ((await run(home, ', crop: 8, validation: 4, holdout: random')).end.stages.data!.result as { validation: string[] }).validation;
    const a = await held();
    expect(await held()).toEqual(a);
    expect(a).toHaveLength(4);
    expect(names(a)).not.toEqual(['8.png', '9.png', '10.png', '11.png']);
  });

  /** The run fails with `message`, located on line 4 at the option whose value is `at`. */
  const fails = async (opts: string, message: RegExp, at: string) => {
    const { end, events } = await run(home, opts);
    expect(end.status).toBe('error');
    const err = byType(events, 'stage:error')[0]!;
    expect(err.message).toMatch(message);
    expect(err.location).toMatch(new RegExp(`t\\.pipe:4:${stageLine(opts).indexOf(at) + 1}$`));
  };

  it('a mask whose size differs from its image names the mask file', async () => {
    await writeSet(home, 6);
    await writeFile(join(home, 'lab', '3.png'), encodeGreyPng(new Uint8Array(16 * 12).fill(255), 16, 12));
    await fails(', crop: 8', /lab\/3\.png: mask is 16×12 but its image .*img\/3\.png is 16×16/, '"lab"');
  });

  it('images of different sizes name the odd one', async () => {
    await writeSet(home, 6, 16, { sizeOf: (i) => (i === 4 ? 20 : 16) });
    await fails(', crop: 8', /img\/4\.png: is 20×20 but .*img\/0\.png is 16×16/, '"img"');
  });

  it('a crop larger than the images', async () => {
    await writeSet(home, 6);
    await fails(', crop: 32', /crop 32 is larger than the 16×16 images/, '32');
  });

  it('a grey-level mask names the file, the pixel and the levels', async () => {
    await writeSet(home, 6, 16, { mask: (i) => new Uint8Array(256).map((_, p) => (i === 2 && p === 20 ? 128 : p % 2 ? 255 : 0)) });
    await fails(', crop: 8', /lab\/2\.png: mask is not binary: pixel \(row 1, column 4\) is 128; levels found: 0, 128, 255/, '"lab"');
    expect((await run(home, ', crop: 8, mask: threshold')).end.status).toBe('ok');
  });

  it('an unreadable PNG names the file', async () => {
    await writeSet(home, 6);
    await writeFile(join(home, 'img', '5.png'), 'not a png at all');
    await fails(', crop: 8', /img\/5\.png: not a readable PNG/, '"img"');
  });

  it('a missing mask, and too few images to hold out', async () => {
    await writeSet(home, 4);
    await rm(join(home, 'lab', '1.png'));
    await fails(', crop: 8', /img\/1\.png: has no mask of the same name/, '"lab"');
    await writeFile(join(home, 'lab', '1.png'), encodeGreyPng(new Uint8Array(256).fill(255), 16, 16));
    await fails(', crop: 8, validation: 4', /4 image\(s\) found; holding out 4 for validation needs at least 5/, '4 }');
  });
});
