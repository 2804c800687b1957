/**
 * `compress encode { huffman: true, export: "out/model.pwc" }`: the last step of Deep
 * Compression. Writes the model file with its codebook indices, quantised codes and sparse
 * position gaps Huffman-coded (or fixed-width with `huffman: false`), reads the bytes back, checks
 * that every weight came back bit for bit, and reports the accuracy of the model read back.
 */
import { definePlugin } from '../../kernel/plugin.js';
import { compressionOf, decodeCompressed, encodeCompressed, withCompression } from '../../lib/compress/index.js';
import type { Model } from '../../lib/nn/index.js';
import { exportOption, readInputs, reportCompressed } from './common.js';

export interface EncodeConfig {
  huffman: boolean;
  export?: string;
}

export const encodePlugin = definePlugin<EncodeConfig, Model>({
  id: 'compress/encode',
  version: '1.0.0',
  kind: 'compress',
  description: 'Huffman coding of the quantised indices and sparse positions; writes and verifies the compressed file',
  configSchema: {
    type: 'object',
    properties: { huffman: { type: 'boolean', default: true }, export: exportOption },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true, description: 'accuracy of the model read back' } },
  output: 'Model',
  async run(ctx, inputs, c) {
    const { model, ds } = readInputs(ctx, inputs);
    const meta = compressionOf(model);
    meta.huffman = c.huffman;
    meta.steps.push('encode');
    const marked = withCompression(model, meta);
    const { bytes, perTensor } = encodeCompressed(marked, { huffman: c.huffman });
    const back = decodeCompressed(bytes);
    for (const [name, p] of Object.entries(marked.params)) {
      const q = back.params[name]!.data;
      if (q.length !== p.data.length || q.some((v, i) => !Object.is(v, p.data[i]))) throw new Error(`the file does not restore '${name}' exactly`);
    }
    const out = withCompression({ ...back, meta: { ...model.meta, ...back.meta } }, compressionOf(back));
    for (const [name, n] of Object.entries(perTensor)) ctx.metric(`bytes/${name}`, n);
    const metrics = await reportCompressed(ctx, out, ds, c.export ? { exportPath: c.export } : {});
    return { output: out, result: metrics };
  },
  docs: 'Writes the compressed file (Huffman-coded) and evaluates the model read back from it. See docs/plugins/compress-encode.md.',
});
