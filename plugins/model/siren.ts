/**
 * `model siren { layers: 5, width: 256, w0: 30 }` → Model.siren: a SIREN with the paper's
 * initialisation (lib/inr/siren.ts), sized from the Signals it will represent (2-D coordinates
 * in, one value per channel out).
 */
import { definePlugin } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import { initSiren, type SignalSet, type SirenModel } from '../../lib/inr/index.js';

export interface SirenConfig {
  layers: number;
  width: number;
  w0: number;
}

export const sirenPlugin = definePlugin<SirenConfig, SirenModel>({
  id: 'model/siren',
  version: '1.0.0',
  kind: 'model',
  description: 'SIREN: sine-activated MLP for implicit neural representations, with its initialisation',
  configSchema: {
    type: 'object',
    properties: {
      layers: { type: 'integer', minimum: 2, default: 5, description: 'linear maps in total (layers − 1 sine layers, then the linear output)' },
      width: { ...positiveInt, default: 256, description: 'units of each sine layer' },
      w0: { ...positiveNumber, default: 30, description: 'frequency factor ω0 in sin(ω0·(xW + b))' },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Signals', optional: true, description: 'sizes the output channels (1 without it)' } },
  output: 'Model.siren',
  async run(ctx, inputs, c) {
    const set = inputs.data as SignalSet | undefined;
    const model = initSiren({ type: 'siren', inDim: 2, outDim: set?.channels ?? 1, layers: c.layers, width: c.width, w0: c.w0 }, ctx.rng.fork('init'));
    const params = Object.values(model.params).reduce((a, p) => a + p.data.length, 0);
    ctx.log(`siren: ${c.layers - 1} sine layers of ${c.width}, w0 ${c.w0}, ${params} parameters`);
    ctx.metric('params', params);
    return { output: model, result: { params } };
  },
  docs: 'First layer U(−1/n, 1/n), later layers U(−√(6/n)/w0, √(6/n)/w0), biases U(−1/√n, 1/√n). See docs/techniques/ecop.md.',
});
