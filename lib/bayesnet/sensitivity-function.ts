/**
 * The one-way sensitivity function of a parameter θ under proportional covariation:
 *
 *   f(θ) = (c1·θ + c2) / (c3·θ + c4)      (numerator P(y, e)(θ), denominator P(e)(θ))
 *
 * with the coefficients scaled so that c3·θ0 + c4 = 1. Both polynomials are linear in θ because
 * the joint is linear in each CPT row and covariation keeps the row a distribution.
 */

export interface SensitivityCoefficients {
  c1: number;
  c2: number;
  c3: number;
  c4: number;
}

export function evaluateSensitivity(c: SensitivityCoefficients, theta: number): number {
  return (c.c1 * theta + c.c2) / (c.c3 * theta + c.c4);
}

export function sensitivityDerivative(c: SensitivityCoefficients, theta: number): number {
  const den = c.c3 * theta + c.c4;
  return (c.c1 * c.c4 - c.c2 * c.c3) / (den * den);
}

/**
 * |θ0 − θv|, where θv is the vertex of the hyperbola f(θ) = r/(θ − s) + t (the point where
 * |f'| = 1, on the side of the asymptote s where [0, 1] lies; van der Gaag, Renooij & Coupé
 * 2007). Undefined (null) for a linear function (c3 = 0).
 */
export function vertexProximity(c: SensitivityCoefficients, theta0: number): number | null {
  if (c.c3 === 0) return null;
  const s = -c.c4 / c.c3;
  const r = (c.c2 * c.c3 - c.c1 * c.c4) / (c.c3 * c.c3);
  const root = Math.sqrt(Math.abs(r));
  const vertex = s < 0 ? s + root : s - root;
  const p = Math.abs(theta0 - vertex);
  return Number.isFinite(p) ? p : null;
}

/**
 * The interval of θ in [0, 1] around θ0 on which f stays on the same side of `threshold` as at
 * θ0 (the admissible region of the decision "f ≥ threshold"). f is monotone on [0, 1] because
 * the denominator P(e)(θ) is linear and non-negative there, so there is at most one crossing.
 */
export function admissibleRegion(c: SensitivityCoefficients, theta0: number, threshold: number): [number, number] {
  const slope = c.c1 - threshold * c.c3;
  if (slope === 0) return [0, 1];
  const crossing = (threshold * c.c4 - c.c2) / slope;
  if (!(crossing > 0 && crossing < 1)) return [0, 1];
  return crossing > theta0 ? [0, crossing] : crossing < theta0 ? [crossing, 1] : [theta0, theta0];
}
