/**
 * Errors of queries on a network. Each names the query option it concerns (`path`), so a
 * plugin can point it at the .pipe text with `ctx.configError(path, message, hint)`.
 */

export class BayesQueryError extends Error {
  constructor(
    readonly code: string,
    readonly path: (string | number)[],
    /** The message without the hint, for callers that print the hint apart. */
    readonly detail: string,
    readonly hint?: string,
  ) {
    super(hint ? `${detail} (${hint})` : detail);
    this.name = 'BayesQueryError';
  }
}

export const QUERY_CODES = {
  badTarget: 'BN201',
  unknownVariable: 'BN202',
  unknownState: 'BN203',
  targetIsEvidence: 'BN204',
  zeroEvidence: 'BN205',
  factorTooLarge: 'BN206',
} as const;

/** P(evidence) = 0: the conditional probability is undefined, not NaN. */
export function zeroEvidenceError(evidence: string): BayesQueryError {
  return new BayesQueryError(
    QUERY_CODES.zeroEvidence,
    ['evidence'],
    `the evidence {${evidence}} has probability zero in this network, so P(target | evidence) is undefined`,
    'remove or change an observation that the CPTs rule out',
  );
}

export function factorTooLargeError(size: number, limit: number, vars: string[]): BayesQueryError {
  const shown = vars.length > 8 ? `${vars.slice(0, 8).join(', ')}, … (${vars.length} variables)` : vars.join(', ');
  return new BayesQueryError(
    QUERY_CODES.factorTooLarge,
    ['max_factor_size'],
    `exact inference needs an intermediate factor of about ${size.toExponential(2)} entries (over ${shown}), above the limit ${limit.toExponential(2)}`,
    `raise max_factor_size if ${((size * 8 * 3) / 2 ** 30).toFixed(1)} GiB of memory is available, or add evidence`,
  );
}
