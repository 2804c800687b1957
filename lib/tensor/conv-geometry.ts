/**
 * The slice of tfjs's `backend_util.Conv2DInfo` that the typed-array convolution helpers read.
 * Taking a structural subset keeps these helpers testable without a backend: a test can build
 * the geometry with `backend_util.computeConv2DInfo` or by hand.
 */
export interface ConvGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/** True when any dimension is zero, so every output is an empty sum (zeros). */
export function isEmptyConv(g: ConvGeometry): boolean {
  return (
    g.batchSize * g.inHeight * g.inWidth * g.inChannels * g.outHeight * g.outWidth * g.outChannels === 0
  );
}
