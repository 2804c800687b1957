/**
 * What `model unet` and `model cunet` share: the options both take (levels, width, activation,
 * or a parameter budget to match), reading the optional segmentation dataset for the input
 * channels, and building, counting and logging the network.
 */
import type { ConfigIssue, PluginContext, StageResult } from '../../kernel/plugin.js';
import { baseChannelsFor, countParams, initSegModel, sizeMultiple, type SegModel, type UNetSpec } from '../../lib/cunet/index.js';
import type { SegmentationDataset } from '../../lib/images/dataset.js';
import { ACTIVATIONS, type Activation } from '../../lib/nn/index.js';

export interface UNetModelConfig {
  levels: number;
  base_channels?: number;
  /** Pick base_channels so the parameter count comes closest to this. */
  match_params?: number;
  activation: Activation;
  /** Input channels when no dataset is connected. */
  channels?: number;
}

/** Default width when neither base_channels nor match_params is given. */
export const DEFAULT_BASE_CHANNELS = 8;

export const unetModelOptions = {
  levels: { type: 'integer', minimum: 1, default: 4, description: 'resolutions; inputs must be multiples of 2^(levels−1)' },
  base_channels: { type: 'integer', minimum: 1, description: `channels of the top level, doubled per level down (default ${DEFAULT_BASE_CHANNELS})` },
  match_params: { type: 'integer', minimum: 1, description: 'choose base_channels whose parameter count is closest to this (e.g. the other model’s `params`)' },
  activation: { enum: [...ACTIVATIONS], default: 'relu' },
  channels: { type: 'integer', minimum: 1, description: 'input image channels when no segmentation dataset is connected (default 1)' },
};

export const segDataPort = { type: 'Dataset.segmentation', optional: true, description: 'sizes the input channels' } as const;

export function checkUNetConfig(c: UNetModelConfig): ConfigIssue[] {
  if (c.base_channels !== undefined && c.match_params !== undefined) {
    return [{ path: ['match_params'], message: 'give base_channels or match_params, not both', hint: 'match_params picks base_channels for you' }];
  }
  return [];
}

function inputChannels(ctx: PluginContext, inputs: Record<string, unknown>, c: UNetModelConfig): number {
  const ds = inputs.data as SegmentationDataset | undefined;
  if (!ds) return c.channels ?? 1;
  if (ds.kind !== 'segmentation') throw new Error(`this model needs a segmentation dataset, got a '${String((ds as { kind?: unknown }).kind)}' dataset`);
  if (c.channels !== undefined && c.channels !== ds.channels) {
    ctx.configError(['channels'], `channels: ${c.channels}, but the connected dataset has ${ds.channels}-channel images`, 'drop channels: the dataset sets it');
  }
  return ds.channels;
}

/** Builds the spec (resolving match_params), initialises it from the stage's seed, logs its size. */
export function buildSegModel(
  ctx: PluginContext,
  inputs: Record<string, unknown>,
  c: UNetModelConfig,
  rest: Omit<UNetSpec, 'type' | 'inputChannels' | 'levels' | 'baseChannels' | 'activation'>,
): StageResult<SegModel> {
  const partial = { type: 'unet' as const, inputChannels: inputChannels(ctx, inputs, c), levels: c.levels, activation: c.activation, ...rest };
  const baseChannels = c.match_params !== undefined ? baseChannelsFor(partial, c.match_params).baseChannels : (c.base_channels ?? DEFAULT_BASE_CHANNELS);
  const spec: UNetSpec = { ...partial, baseChannels };
  const model = initSegModel(spec, ctx.rng.fork('init'));
  const params = countParams(spec);
  const what = spec.block === 'ode' ? `ODE blocks (RK4, ${spec.steps} steps)` : `plain blocks${spec.norm ? ' with instance norm' : ''}`;
  ctx.log(`${spec.levels} levels, base ${baseChannels} channels, ${what}: ${params} trainable parameters; input sides must be multiples of ${sizeMultiple(spec)}`);
  if (c.match_params !== undefined) ctx.log(`match_params ${c.match_params} → base_channels ${baseChannels} (${params} parameters)`);
  ctx.metric('params', params);
  return { output: model, result: { params, base_channels: baseChannels, levels: spec.levels, block: spec.block } };
}
