/**
 * NASiam: augmentations for siamese pairs, the DARTS mixed operation, the SimSiam loss with
 * stop-gradient and its collapse monitor, the siamese network, its training (search or fixed
 * head) and the frozen-backbone linear probe / kNN evaluation.
 */
export * from './augment.js';
export * from './convnet.js';
export * from './mixed-op.js';
export * from './simsiam-loss.js';
export * from './siamese-net.js';
export * from './train-siamese.js';
export * from './probe.js';
