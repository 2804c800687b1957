/**
 * backend native as a plugin: what probe()/activate() say with and without the addon, how its
 * kernel table relates to wasm's, switching to and from `backend wasm`, the addon's own bounds
 * checks, and a training loop that must not leak tensors.
 */
import * as tf from '@tensorflow/tfjs';

import {
  BUILD_HINT,
  loadNativeAddon,
  nativeBackend,
  nativeKernelNames,
  resetNativeAddonCache,
} from '../../../../plugins/backends/native/index.js';
import { wasmBackend } from '../../../../plugins/backends/wasm/index.js';
import { nativeBuilt, unbuiltErrorChecked } from './native-gate.js';
import { seededTensor } from './parity.js';

describe('backend native: availability', () => {
  test('an unbuilt addon is reported with the build command, and activate() throws it', async () => {
    const saved = process.env.PIPEWRIGHT_NATIVE_ADDON;
    process.env.PIPEWRIGHT_NATIVE_ADDON = '/nonexistent/pipewright_native.node';
    resetNativeAddonCache();
    try {
      const probe = await nativeBackend.probe();
      expect(probe.available).toBe(false);
      expect(probe.reason).toBe(BUILD_HINT);
      expect(BUILD_HINT).toContain('apt-get install libopenblas-dev && npm run build:native');
      await expect(nativeBackend.activate()).rejects.toThrow(`backend native: ${BUILD_HINT}`);
    } finally {
      if (saved === undefined) delete process.env.PIPEWRIGHT_NATIVE_ADDON;
      else process.env.PIPEWRIGHT_NATIVE_ADDON = saved;
      resetNativeAddonCache();
    }
  });

  test('probe() describes this checkout: OpenBLAS details when built, the hint when not', async () => {
    const probe = await nativeBackend.probe();
    expect(probe.available).toBe(nativeBuilt);
    if (!nativeBuilt) {
      expect(probe.reason).toContain(BUILD_HINT);
      return;
    }
    expect(probe.details?.blas).toMatch(/OpenBLAS/);
    expect(probe.details?.threads).toBe(Number(process.env.PIPEWRIGHT_BLAS_THREADS ?? 2));
  });
});

describe('backend native: kernel table and switching', () => {
  test('native shares the wasm instance and overrides only its own kernels', async () => {
    if (await unbuiltErrorChecked()) return;
    await wasmBackend.activate();
    const wasmBefore = new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k.kernelFunc]));
    await nativeBackend.activate();
    expect(tf.getBackend()).toBe('native');
    expect(tf.findBackend('native')).toBe(tf.findBackend('wasm'));
    const own = new Set(nativeKernelNames());
    expect([...own].sort()).toEqual([
      'BatchMatMul', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedConv2D', 'MaxPoolGrad',
      '_FusedMatMul',
    ]);
    for (const [name, func] of wasmBefore) {
      expect(tf.getKernel(name, 'wasm')?.kernelFunc).toBe(func); // wasm's table is untouched
      const native = tf.getKernel(name, 'native')?.kernelFunc;
      if (own.has(name)) expect(native).not.toBe(func);
      else expect(native).toBe(func);
    }
  });

  test('tensors survive switching native -> wasm -> native, and activate() is idempotent', async () => {
    if (await unbuiltErrorChecked()) return;
    await nativeBackend.activate();
    await nativeBackend.activate();
    const a = seededTensor([4, 6], 1);
    const b = seededTensor([6, 3], 2);
    const viaNative = await tf.matMul(a, b).data();
    await wasmBackend.activate();
    expect(tf.getBackend()).toBe('wasm');
    const viaWasm = await tf.matMul(a, b).data();
    await nativeBackend.activate();
    const again = await tf.matMul(a, b).data();
    for (let i = 0; i < viaNative.length; i++) {
      expect(Math.abs(viaNative[i] - viaWasm[i])).toBeLessThan(1e-5);
      expect(again[i]).toBe(viaNative[i]);
    }
    tf.dispose([a, b]);
  });

  test('shape errors are clear, as from any backend', async () => {
    if (await unbuiltErrorChecked()) return;
    await nativeBackend.activate();
    tf.tidy(() => {
      const a = tf.zeros([2, 3, 4]);
      expect(() => tf.matMul(a, tf.zeros([2, 5, 2]))).toThrow(/inner shapes \(4\) and \(5\)/);
      expect(() => tf.matMul(a, tf.zeros([3, 4, 2]))).toThrow(/could not be broadcast/);
      expect(tf.matMul(a, tf.zeros([1, 4, 2])).shape).toEqual([2, 3, 2]);
    });
  });
});

describe('backend native: addon bounds checks', () => {
  // Messages, not classes: the addon's errors come from Node's realm, not the test's.
  test('views too small or offsets out of range throw instead of touching memory', () => {
    const { addon } = loadNativeAddon();
    if (addon === null) {
      expect(nativeBuilt).toBe(false);
      return;
    }
    const a = new Float32Array(6);
    const c = new Float32Array(4);
    const zero = new Int32Array([0]);
    const one = new Int32Array([1]);
    expect(() => addon.gemm(a, one, a, zero, c, 2, 2, 3, 0, 0)).toThrow('gemm: operand offset out of range');
    expect(() => addon.gemm(a, zero, a, zero, new Float32Array(3), 2, 2, 3, 0, 0)).toThrow('gemm: output too small');
    expect(() => addon.gemm(a, zero, a, zero, c, -1, 2, 3, 0, 0)).toThrow('gemm: negative dimension');
    const notTyped = [0] as unknown as Int32Array;
    expect(() => addon.gemm(a, notTyped, a, zero, c, 2, 2, 3, 0, 0)).toThrow('gemm: argument 1 must be an Int32Array');
    const geom = Int32Array.from([1, 4, 4, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1]);
    expect(() => addon.conv2d(new Float32Array(15), new Float32Array(9), new Float32Array(16), geom)).toThrow(
      'conv2d: a buffer is smaller than the geometry needs',
    );
    const [x16, w9] = [new Float32Array(16), new Float32Array(9)];
    expect(() => addon.conv2d(x16, w9, x16, geom.subarray(1))).toThrow('conv2d: geometry must have 15 fields');
    const bias3 = new Float32Array(3);
    expect(() => addon.biasAct(c, 2, 2, bias3, 1, 0, null)).toThrow('biasAct: bias must have 1 or n elements');
    // The same calls with right sizes succeed: identity gemm.
    addon.gemm(new Float32Array([1, 0, 0, 1]), zero, new Float32Array([1, 2, 3, 4]), zero, c, 2, 2, 2, 0, 0);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
  });
});

describe('backend native: training', () => {
  test('an MLP trains without leaking tensors and lowers its loss', async () => {
    if (await unbuiltErrorChecked()) return;
    await nativeBackend.activate();
    const w1 = tf.tidy(() => tf.variable(tf.mul(seededTensor([12, 16], 3), 0.5)));
    const w2 = tf.tidy(() => tf.variable(tf.mul(seededTensor([16, 4], 4), 0.5)));
    const x = seededTensor([32, 12], 5);
    const labels = tf.tidy(() => tf.oneHot(tf.argMax(tf.matMul(x, seededTensor([12, 4], 6)), 1), 4));
    const opt = tf.train.sgd(0.2);
    const loss = () => tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)) as tf.Scalar;
    const first = (await (opt.minimize(loss, true) as tf.Scalar).data())[0];
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 40; i++) {
      const l = opt.minimize(loss, true) as tf.Scalar;
      last = (await l.data())[0];
      l.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(last).toBeLessThan(first * 0.8);
    tf.dispose([w1, w2, x, labels]);
    opt.dispose();
  });
});
