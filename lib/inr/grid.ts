/** Coordinate grids: pixel centres of an H×W image mapped to [−1, 1]², row-major. */

/** [H·W, 2] as (row, column) coordinates, each running from −1 to 1 inclusive. */
export function gridCoords(height: number, width: number): Float32Array {
  const at = (i: number, n: number) => (n === 1 ? 0 : -1 + (2 * i) / (n - 1));
  const out = new Float32Array(height * width * 2);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      out[2 * (r * width + c)] = at(r, height);
      out[2 * (r * width + c) + 1] = at(c, width);
    }
  }
  return out;
}
