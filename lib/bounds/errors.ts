/**
 * What the bound library refuses, as typed errors a plugin can turn into a diagnostic: a layer it
 * cannot bound (named, with its index), or inputs outside the domain the eps-ball is clipped to.
 */

export type BoundMethod = 'ibp' | 'crown';

export class UnsupportedLayerError extends Error {
  constructor(
    /** Index of the layer in the model's spec. */
    readonly layer: number,
    /** `dense`, `maxpool2d`, `activation tanh`, ... */
    readonly layerType: string,
    readonly method: BoundMethod,
    readonly hint: string,
  ) {
    super(`layer ${layer} (${layerType}) is not supported by ${method.toUpperCase()} bounds`);
    this.name = 'UnsupportedLayerError';
  }
}

export class InputDomainError extends Error {
  constructor(
    /** Smallest and largest input value seen. */
    readonly seen: [number, number],
    readonly domain: [number, number],
  ) {
    super(
      `the inputs range over [${seen[0]}, ${seen[1]}], outside the input domain [${domain[0]}, ${domain[1]}] ` +
        'that the eps-ball is clipped to',
    );
    this.name = 'InputDomainError';
  }
}
