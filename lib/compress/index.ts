/**
 * CNN compression toolbox (Cheng et al. survey), kernel-free: weight sharing by k-means
 * codebooks with centroid fine-tuning, uniform quantisation (post-training and
 * quantisation-aware) with an integer inference path, low-rank factorisation (truncated SVD of
 * dense layers, Tucker-2 / CP of convolutions), depthwise-separable replacement, knowledge
 * distillation, Huffman coding, the compressed file format, and size / cost accounting.
 */
export * from './kmeans.js';
export * from './codebook.js';
export * from './quantize.js';
export * from './quantize-model.js';
export * from './fake-quant.js';
export * from './int-gemm.js';
export * from './int-model.js';
export * from './svd.js';
export * from './tucker.js';
export * from './cp.js';
export * from './factorize.js';
export * from './replace.js';
export * from './distill.js';
export * from './bitstream.js';
export * from './huffman.js';
export * from './file-format.js';
export * from './meta.js';
export * from './targets.js';
export * from './train-derived.js';
export * from './cost.js';
