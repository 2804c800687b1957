/**
 * What a compressed model carries besides its weights, under `meta.compression`: the codebook
 * of every weight-shared tensor, the scales and zero points of every quantised one, calibrated
 * activation ranges (for integer inference), whether the file is Huffman-coded, and the size of
 * the dense float32 model it came from (the reference of `compression_ratio`).
 *
 * The weights themselves stay ordinary float32 params holding the shared / dequantised values, so
 * every stage that reads a Model (evaluate report, a later compress stage) works unchanged; the
 * encoder recovers the indices from them exactly, and refuses weights that left their grid.
 */
import { countParams, type Model } from '../nn/index.js';
import type { Granularity, QuantParams, QuantScheme } from './quantize.js';

export type CodebookMeta = { bits: number; centroids: number[] };
export type QuantMeta = { bits: number; scheme: QuantScheme; granularity: Granularity; scales: number[]; zeroPoints: number[] };
/** Range of the input of a weighted layer, from calibration data. */
export type ActivationRange = { min: number; max: number };

export type CompressionMeta = {
  /** Bytes of the dense float32 model this one was compressed from. */
  referenceBytes: number;
  codebooks: Record<string, CodebookMeta>;
  quant: Record<string, QuantMeta>;
  /** Keyed by layer name: the range of that layer's input. */
  activations: Record<string, ActivationRange>;
  activationBits: number;
  huffman: boolean;
  /** The compress stages applied, in order. */
  steps: string[];
};

/** Float32 bytes of every parameter (running statistics included). */
export function denseBytes(model: Model): number {
  return countParams(model, false) * 4;
}

export function compressionOf(model: Model): CompressionMeta {
  const c = model.meta?.compression as Partial<CompressionMeta> | undefined;
  return {
    referenceBytes: c?.referenceBytes ?? denseBytes(model),
    codebooks: { ...c?.codebooks },
    quant: { ...c?.quant },
    activations: { ...c?.activations },
    activationBits: c?.activationBits ?? 8,
    huffman: c?.huffman ?? false,
    steps: [...(c?.steps ?? [])],
  };
}

/** A shallow copy of `model` whose `meta.compression` is `c`. */
export function withCompression(model: Model, c: CompressionMeta): Model {
  return { ...model, meta: { ...model.meta, compression: c } };
}

export function quantMeta(p: QuantParams): QuantMeta {
  return { bits: p.bits, scheme: p.scheme, granularity: p.granularity, scales: Array.from(p.scales), zeroPoints: Array.from(p.zeroPoints) };
}

export function quantParamsOf(m: QuantMeta): QuantParams {
  return { bits: m.bits, scheme: m.scheme, granularity: m.granularity, scales: Float32Array.from(m.scales), zeroPoints: Int32Array.from(m.zeroPoints) };
}
