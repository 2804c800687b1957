/** The dynamic methods' time options (`start`, `end`, `every`) in epochs (fractions allowed) or steps. */
export type TimeUnit = 'epoch' | 'step';

export function toSteps(v: number, unit: TimeUnit, perEpoch: number): number {
  return Math.round(unit === 'step' ? v : v * perEpoch);
}
