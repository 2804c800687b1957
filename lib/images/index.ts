/** Image segmentation data: PNG reading, the Dataset.segmentation artifact, crops, tiles, scores. */
export * from './dataset.js';
export * from './errors.js';
export * from './png.js';
export * from './pixels.js';
export * from './files.js';
export * from './load.js';
export * from './crops.js';
export * from './tiles.js';
export * from './noise.js';
export * from './evaluate.js';
export * from './metrics.js';
export * from './figure.js';
