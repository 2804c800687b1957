/**
 * `backend cpu`: tfjs's pure-JavaScript backend. Slow (≈1 MLP train step/s) but simple and
 * independent of the wasm kernels, so it is the oracle the other backends are tested against.
 */
import * as tf from '@tensorflow/tfjs';
import { defineBackend } from '../../kernel/backend.js';

export const cpuBackend = defineBackend({
  name: 'cpu',
  version: '1.0.0',
  tfBackendName: 'cpu',
  description: 'Pure JavaScript (tfjs-backend-cpu): slow, the reference for tests',
  async probe() {
    const registered = tf.findBackendFactory('cpu') != null;
    return registered
      ? { available: true, reason: `tfjs ${tf.version_core} cpu backend`, details: { version: tf.version_core } }
      : { available: false, reason: 'the tfjs cpu backend is not registered (is @tensorflow/tfjs installed?)' };
  },
  async activate() {
    if (!(await tf.setBackend('cpu'))) throw new Error('backend cpu: tfjs could not initialise its cpu backend');
    await tf.ready();
  },
});
