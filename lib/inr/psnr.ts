/**
 * Peak signal-to-noise ratio for signals in [0, 1]: PSNR = 10·log10(peak² / MSE), here with
 * peak 1, so PSNR = −10·log10(MSE). An exact reconstruction gives +∞.
 */
export function psnrFromMse(mse: number, peak = 1): number {
  return 10 * Math.log10((peak * peak) / mse);
}

/** PSNR of `approx` against `exact` (same length), MSE over every value. */
export function psnr(approx: ArrayLike<number>, exact: ArrayLike<number>, peak = 1): number {
  if (approx.length !== exact.length || !exact.length) throw new Error(`psnr: lengths ${approx.length} and ${exact.length} differ or are 0`);
  let s = 0;
  for (let i = 0; i < exact.length; i++) s += (approx[i]! - exact[i]!) ** 2;
  return psnrFromMse(s / exact.length, peak);
}
