/** A query P(target = state | evidence) by names, resolved to indices with "did you mean" errors. */
import { didYouMean } from '../../dsl/diagnostics.js';
import { BayesQueryError, QUERY_CODES } from './errors.js';
import type { BayesNet } from './model.js';

export interface NamedQuery {
  /** `VAR=STATE`. */
  target: string;
  evidence?: Record<string, string | number | boolean>;
}

export interface IndexedQuery {
  target: number;
  targetState: number;
  /** [variable, state] pairs. */
  evidence: Array<[number, number]>;
}

export function parseTarget(target: string): { variable: string; state: string } | undefined {
  const m = /^\s*([^=\s]+)\s*=\s*(\S(?:.*\S)?)\s*$/.exec(target);
  return m ? { variable: m[1]!, state: m[2]! } : undefined;
}

export function resolveQuery(net: BayesNet, q: NamedQuery): IndexedQuery {
  const names = net.variables.map((v) => v.name);
  const t = parseTarget(q.target);
  if (!t) {
    throw new BayesQueryError(QUERY_CODES.badTarget, ['target'], `target '${q.target}' is not of the form VARIABLE=STATE`);
  }
  const target = lookupVariable(net, names, t.variable, ['target']);
  const targetState = lookupState(net, target, t.state, ['target']);
  const evidence: Array<[number, number]> = [];
  for (const [name, raw] of Object.entries(q.evidence ?? {})) {
    const v = lookupVariable(net, names, name, ['evidence', name]);
    if (v === target) {
      throw new BayesQueryError(QUERY_CODES.targetIsEvidence, ['evidence', name], `'${name}' is both the target and observed`);
    }
    evidence.push([v, lookupState(net, v, String(raw), ['evidence', name])]);
  }
  return { target, targetState, evidence };
}

function lookupVariable(net: BayesNet, names: string[], name: string, path: string[]): number {
  const i = names.indexOf(name);
  if (i < 0) {
    const where = net.name && net.name !== 'unknown' ? ` in network '${net.name}'` : '';
    throw new BayesQueryError(QUERY_CODES.unknownVariable, path, `unknown variable '${name}'${where}`, didYouMean(name, names));
  }
  return i;
}

function lookupState(net: BayesNet, v: number, state: string, path: string[]): number {
  const states = net.variables[v]!.states;
  const s = states.indexOf(state);
  if (s < 0) {
    const hint = didYouMean(state, states) ?? `states: ${states.join(', ')}`;
    throw new BayesQueryError(QUERY_CODES.unknownState, path, `'${state}' is not a state of '${net.variables[v]!.name}'`, hint);
  }
  return s;
}

export function describeEvidence(net: BayesNet, evidence: Array<[number, number]>): string {
  return evidence.map(([v, s]) => `${net.variables[v]!.name}=${net.variables[v]!.states[s]}`).join(', ');
}
