/**
 * The backend plugins as the kernel sees them: probe(), activate() in any order and repeatedly,
 * the stock/patched kernel registry, tensor hygiene of a short training loop, and the optional
 * tfjs-node backends' error path (they are not installed here, and tests must not need them).
 */
import * as tf from '@tensorflow/tfjs';
import { backends, DEFAULT_BACKEND } from '../../../plugins/backends/index.js';
import { cpuBackend } from '../../../plugins/backends/cpu.js';
import { nodeBackend, nodeGpuBackend, tfjsNodeBackend } from '../../../plugins/backends/node.js';
import {
  activeWasmKernelPatches,
  installWasmKernels,
  uninstallWasmKernels,
  wasmBackend,
  wasmKernelPatches,
} from '../../../plugins/backends/wasm/index.js';

afterAll(async () => {
  await wasmBackend.activate();
});

describe('backend list', () => {
  it('has unique names, ids backend/<name>, and the default first', () => {
    const names = backends.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['wasm', 'cpu', 'node', 'node-gpu']));
    expect(DEFAULT_BACKEND).toBe('wasm');
    for (const b of backends) {
      expect(b.id).toBe(`backend/${b.name}`);
      expect(b.kind).toBe('backend');
    }
  });

  it('wasm and cpu probe as available, with a one-line reason', async () => {
    for (const b of [wasmBackend, cpuBackend]) {
      const p = await b.probe();
      expect(p.available).toBe(true);
      expect(p.reason).toMatch(/\S/);
      expect(p.reason).not.toMatch(/\n/);
    }
  });
});

describe('activation', () => {
  it('switches wasm → cpu → wasm, keeping the added kernels', async () => {
    await wasmBackend.activate();
    expect(tf.getBackend()).toBe('wasm');
    await cpuBackend.activate();
    expect(tf.getBackend()).toBe('cpu');
    await wasmBackend.activate();
    expect(tf.getBackend()).toBe('wasm');
    expect(activeWasmKernelPatches()).toHaveLength(wasmKernelPatches.length);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid')))(tf.ones([1, 3, 3, 1]));
    expect(Array.from(await g.data())).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
    tf.dispose(g);
  });

  it('installs the kernels once however often it runs', async () => {
    await wasmBackend.activate();
    expect(installWasmKernels()).toEqual([]);
    await wasmBackend.activate();
    expect(activeWasmKernelPatches()).toHaveLength(wasmKernelPatches.length);
  });

  it('uninstall restores the stock registry (conv2d cannot train) and activate re-installs', async () => {
    await wasmBackend.activate();
    uninstallWasmKernels();
    expect(activeWasmKernelPatches()).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBeDefined();
    await wasmBackend.activate();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});

describe.each([
  ['wasm', wasmBackend],
  ['cpu', cpuBackend],
])('a short training loop on %s', (_name, backend) => {
  it('leaves the tensor count flat', async () => {
    await backend.activate();
    const w = tf.tidy(() => tf.variable(tf.randomNormal([6, 4], 0, 0.3, 'float32', 1)));
    const k = tf.tidy(() => tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 0.3, 'float32', 2)));
    const x = tf.randomNormal<tf.Rank.R4>([2, 5, 5, 1], 0, 1, 'float32', 3);
    const idx = tf.tensor1d([0, 2, 2, 5], 'int32');
    const optimizer = tf.train.sgd(0.1);
    const step = () =>
      optimizer.minimize(
        () =>
          tf.tidy(() => {
            const h = tf.maxPool(tf.relu(tf.conv2d(x, k as tf.Tensor4D, 1, 'same')), 2, 2, 'same');
            const rows = tf.gather(w, idx);
            return tf.add(tf.sum(tf.square(h)), tf.sum(tf.matMul(rows, w, false, true))) as tf.Scalar;
          }),
        true,
        [w, k],
      )!;
    const before = tf.memory().numTensors;
    step().dispose();
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step().dispose();
    expect(tf.memory().numTensors).toBe(after1);
    // SGD keeps no slots, so one step allocates nothing that outlives it.
    expect(after1).toBe(before);
    optimizer.dispose();
    tf.dispose([w, k, x, idx]);
  });
});

describe('node / node-gpu (tfjs-node is not installed in tests)', () => {
  it.each([
    ['node', nodeBackend, '@tensorflow/tfjs-node'],
    ['node-gpu', nodeGpuBackend, '@tensorflow/tfjs-node-gpu'],
  ] as const)('%s probes unavailable with the install command, and activate throws it', async (_name, b, pkg) => {
    const p = await b.probe();
    expect(p.available).toBe(false);
    expect(p.reason).toContain(`npm install ${pkg}@4.22.0`);
    expect(p.reason).not.toMatch(/\n/);
    await expect(b.activate()).rejects.toThrow(new RegExp(`backend ${b.name}: .*not installed.*npm install`));
    expect(tf.getBackend()).not.toBe('tensorflow');
  });

  it('reports a package that fails to load (missing CUDA) with the first line of the error', async () => {
    const broken = tfjsNodeBackend({
      name: 'node-gpu',
      packageName: '@tensorflow/tfjs-node-gpu',
      description: 'test',
      requirement: 'needs CUDA 11.2',
      importer: async () => {
        throw new Error('libcudart.so.11.0: cannot open shared object file\n    at Module._extensions');
      },
    });
    const p = await broken.probe();
    expect(p.available).toBe(false);
    expect(p.reason).toBe(
      '@tensorflow/tfjs-node-gpu failed to load: libcudart.so.11.0: cannot open shared object file (needs CUDA 11.2; reinstall with `npm install @tensorflow/tfjs-node-gpu@4.22.0`)',
    );
    await expect(broken.activate()).rejects.toThrow(/^backend node-gpu: .*libcudart/);
  });

  it('says so when the package loads but registers no backend with this tfjs (version mismatch)', async () => {
    const other = tfjsNodeBackend({ name: 'node', packageName: 'x', description: 't', requirement: 'r', importer: async () => ({}) });
    const p = await other.probe();
    expect(p.available).toBe(false);
    expect(p.reason).toMatch(/registered no 'tensorflow' backend.*npm install x@4\.22\.0/);
  });
});
