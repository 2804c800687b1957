/**
 * The .pipe front end: text → AST with diagnostics, and the canonical formatter.
 *
 *   parsePipe(text, file)   → { ast, diagnostics }   never throws; partial AST on errors
 *   formatPipe(text, file)  → { text, diagnostics, formatted }
 *   toJs(valueNode, vars)   → the plain-JS form plugins receive (values.ts)
 *   messages / syntaxCodes  → the PW1xxx catalogue (codes.ts)
 */
export type * from './ast.js';
export * from './diagnostics.js';
export * from './values.js';
export { parsePipe, MAX_NESTING, type ParseResult } from './parse.js';
export { MAX_PARSE_ERRORS } from './parser.js';
export { formatPipe, type FormatOptions, type FormatResult } from './format.js';
export { messages, syntaxCodes, isSyntaxCode, type SyntaxCode, type CodedMessage } from './codes.js';
export { numberValue } from './literals.js';
