/**
 * Proportional covariation: when θ = cpt[row·n + i] moves to θ', its row siblings keep their
 * ratios and the row stays a distribution: θj' = θj · (1 − θ') / Σ_{k≠i} θk. When every sibling
 * is zero there is no ratio to keep, and the siblings share 1 − θ' equally (a convention; the
 * derivative code uses the same one).
 */

/** Writes the covaried row into `cpt` (in place). */
export function covaryRow(cpt: Float64Array, card: number, row: number, i: number, theta: number): void {
  const base = row * card;
  let rest = 0;
  for (let j = 0; j < card; j++) if (j !== i) rest += cpt[base + j]!;
  for (let j = 0; j < card; j++) {
    if (j === i) continue;
    cpt[base + j] = rest > 0 ? (cpt[base + j]! * (1 - theta)) / rest : (1 - theta) / (card - 1);
  }
  cpt[base + i] = theta;
}

/**
 * Slopes a_i = dP/dθ_i under covariation for every entry of one row, from the raw partial
 * derivatives g (same layout as the CPT): a_i = g_i − Σ_{j≠i} w_j g_j, with w the covariation
 * weights above. At most one entry per row exceeds 1/2; for it the sibling sums are recomputed
 * directly, avoiding the cancellation of "total minus self" when θ_i ≈ 1.
 */
export function covariedSlopes(cpt: Float64Array, grad: Float64Array, card: number, row: number, out: Float64Array): void {
  const base = row * card;
  let dot = 0;
  let sum = 0;
  let gsum = 0;
  for (let j = 0; j < card; j++) {
    dot += cpt[base + j]! * grad[base + j]!;
    sum += cpt[base + j]!;
    gsum += grad[base + j]!;
  }
  for (let i = 0; i < card; i++) {
    const th = cpt[base + i]!;
    const g = grad[base + i]!;
    let other = dot - th * g;
    let rest = sum - th;
    if (th > 0.5) {
      other = 0;
      rest = 0;
      for (let j = 0; j < card; j++) {
        if (j === i) continue;
        other += cpt[base + j]! * grad[base + j]!;
        rest += cpt[base + j]!;
      }
    }
    out[base + i] = rest > 0 ? g - other / rest : g - (gsum - g) / (card - 1);
  }
}
