/** Data sets as plain typed arrays: the `Dataset` artifact, splitting helpers, MNIST. */
export * from './random.js';
export * from './value-range.js';
export * from './dataset.js';
export * from './mnist.js';
export * from './colored-mnist.js';
