/**
 * The catalogue of the DSL front end's diagnostic codes, sorted by code. Codes are stable (tests
 * and users match them); messages are built only here.
 *
 *   PW10xx  syntax: the text is not a .pipe file; the formatter refuses such input.
 *   PW11xx  structure: the text parses but says something twice or something unsupported.
 *   PW2xxx+ belong to the kernel's linker (unknown kind/plugin/option, schema, ports, cycles).
 */
import type { Diagnostic, Range, Severity } from './diagnostics.js';

export interface CodedMessage {
  code: string;
  message: string;
  hint?: string;
  severity?: Severity;
}

export const syntaxCodes = {
  PW1001: 'unexpected character',
  PW1002: 'expected token missing',
  PW1003: 'unclosed bracket',
  PW1004: 'expected a value',
  PW1005: 'unexpected token',
  PW1006: 'unterminated string',
  PW1007: 'invalid escape in string',
  PW1008: 'invalid number',
  PW1009: 'nesting too deep',
  PW1010: 'too many syntax errors',
  PW1099: 'internal parser error',
  PW1101: 'duplicate key',
  PW1102: 'duplicate pipeline setting',
  PW1103: 'duplicate pipeline name',
  PW1104: 'unsupported version',
  PW1105: 'invalid seed',
} as const;

export type SyntaxCode = keyof typeof syntaxCodes;

/** True for codes that mean "this is not valid .pipe text" (the formatter refuses those). */
export function isSyntaxCode(code: string): boolean {
  return code.startsWith('PW10');
}

export const messages = {
  unexpectedCharacter: (chars: string): CodedMessage => ({
    code: 'PW1001',
    message: `unexpected character${chars.length > 1 ? 's' : ''} ${quote(chars)}`,
    hint: chars.startsWith('-') ? "names use '_', not '-'" : undefined,
  }),
  expectedToken: (expected: string, after: string | undefined, found: string): CodedMessage => ({
    code: 'PW1002',
    message: `expected ${expected}${after ? ` after ${after}` : ''}, found ${found}`,
  }),
  unclosed: (closer: string, what: string, at: string, found: string): CodedMessage => ({
    code: 'PW1003',
    message: `expected ${quote(closer)} to close ${what} opened at ${at}, found ${found}`,
  }),
  expectedValue: (after: string | undefined, found: string): CodedMessage => ({
    code: 'PW1004',
    message: `expected a value${after ? ` after ${after}` : ''}, found ${found}`,
    hint: 'a value is a number, "string", true/false, name, $variable, [list], { map }, a..b, a -> b or f(args)',
  }),
  unexpectedToken: (found: string, where?: string, hint?: string): CodedMessage => ({
    code: 'PW1005',
    message: `unexpected ${found}${where ? ` in ${where}` : ''}`,
    hint,
  }),
  unterminatedString: (): CodedMessage => ({
    code: 'PW1006',
    message: 'unterminated string',
    hint: 'close it with " on the same line',
  }),
  invalidEscape: (escape: string): CodedMessage => ({
    code: 'PW1007',
    message: `invalid escape ${quote(escape)} in string`,
    hint: 'the escapes are \\" \\\\ \\n \\t',
  }),
  invalidNumber: (raw: string): CodedMessage => ({
    code: 'PW1008',
    message: `number ${raw} is out of range`,
  }),
  tooDeep: (limit: number): CodedMessage => ({
    code: 'PW1009',
    message: `brackets nested deeper than ${limit} levels`,
    hint: 'are some opening brackets never closed?',
  }),
  tooManyErrors: (limit: number): CodedMessage => ({
    code: 'PW1010',
    message: `more than ${limit} syntax errors; the rest of the file was not checked`,
  }),
  internalError: (detail: string): CodedMessage => ({
    code: 'PW1099',
    message: `internal error in the .pipe parser: ${detail}`,
    hint: 'please report this with the file that caused it',
  }),
  duplicateKey: (key: string, first: string, where: string): CodedMessage => ({
    code: 'PW1101',
    message: `duplicate key '${key}' in ${where} (first given at ${first})`,
  }),
  duplicateSetting: (setting: string, pipeline: string, first: string): CodedMessage => ({
    code: 'PW1102',
    message: `'${setting}' given twice in pipeline '${pipeline}' (first at ${first})`,
  }),
  duplicatePipeline: (name: string, first: string): CodedMessage => ({
    code: 'PW1103',
    message: `pipeline '${name}' is defined twice (first at ${first})`,
  }),
  unsupportedVersion: (raw: string): CodedMessage => ({
    code: 'PW1104',
    message: `unsupported version ${raw}`,
    hint: 'this pipewright reads version 1',
  }),
  invalidSeed: (raw: string): CodedMessage => ({
    code: 'PW1105',
    message: `seed ${raw} is not a non-negative integer`,
  }),
};

export function quote(text: string): string {
  return `'${text}'`;
}

export function diagnostic(m: CodedMessage, file: string, range: Range): Diagnostic {
  return {
    severity: m.severity ?? 'error',
    code: m.code,
    message: m.message,
    file,
    range,
    ...(m.hint ? { hint: m.hint } : {}),
  };
}
