/**
 * Typed-array tensor numerics that tfjs backends lack or run slowly: convolution lowering
 * (im2col / col2im), depthwise and max-pool gradients, segment sums, gathers and broadcasting.
 * Backend-free, so each is tested against a definition written out in its test.
 */
export { isEmptyConv, type ConvGeometry } from './conv-geometry.js';
export { col2imAdd, im2col, im2colT, im2colWidth } from './im2col.js';
export { depthwiseFilterGrad, depthwiseInputGrad } from './depthwise-grad.js';
export { maxPoolGradInto } from './pool-grad.js';
export { unsortedSegmentSumInto } from './segment-sum.js';
export { checkGatherIndices, gatherInto, type GatherLayout } from './gather.js';
export { binaryBroadcast, broadcastStrides, type RowOp } from './broadcast.js';
