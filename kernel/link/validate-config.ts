/**
 * Validates a stage's config against its plugin's JSON schema (ajv, one cached validator per
 * plugin, defaults applied in place) and turns ajv's errors into located diagnostics: an unknown
 * option gets a "did you mean", a bad enum value the nearest allowed one, a missing option the
 * stage's block.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { MapValue } from '../../dsl/ast.js';
import { didYouMean, type Diagnostic } from '../../dsl/diagnostics.js';
import type { Plugin, ConfigIssue } from '../plugin.js';
import { KernelCodes } from '../codes.js';
import { locate, parseInstancePath, pathToString, type ConfigPath } from './locate.js';

const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false });
const validators = new WeakMap<object, ValidateFunction>();

export class SchemaCompileError extends Error {}

function validatorFor(plugin: Plugin): ValidateFunction {
  let v = validators.get(plugin.configSchema);
  if (!v) {
    try {
      v = ajv.compile(plugin.configSchema);
    } catch (e) {
      throw new SchemaCompileError(`plugin '${plugin.id}' has an invalid config schema: ${(e as Error).message}`);
    }
    validators.set(plugin.configSchema, v);
  }
  return v;
}

/** Validates (and fills defaults into) `config`; returns located diagnostics. */
export function validateConfig(
  plugin: Plugin,
  config: Record<string, unknown>,
  node: MapValue,
  file: string,
): Diagnostic[] {
  const validate = validatorFor(plugin);
  if (validate(config)) return [];
  return selectErrors(validate.errors ?? []).map((e) => toDiagnostic(e, plugin, node, file));
}

/** Maps a plugin's semantic check results (or a run-time config error) onto the source. */
export function issueToDiagnostic(issue: ConfigIssue, plugin: Plugin, node: MapValue, file: string): Diagnostic {
  const at = locate(node, issue.path);
  return {
    severity: 'error',
    code: issue.code ?? KernelCodes.pluginCheck,
    message: `${plugin.id}: ${issue.path.length ? `option '${pathToString(issue.path)}': ` : ''}${issue.message}`,
    file,
    range: at.node.range,
    hint: issue.hint,
  };
}

/**
 * ajv reports every failing branch of an anyOf; the user wants one line per mistake. Keep the
 * anyOf/oneOf summary and drop the branch errors beneath it, and report each path once.
 */
function selectErrors(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const underUnion = (e: ErrorObject) =>
    unions.some((u) => u !== e && e.schemaPath.startsWith(u.schemaPath.replace(/\/(anyOf|oneOf)$/, '')) && e.schemaPath.length > u.schemaPath.length);
  const kept = errors.filter((e) => !underUnion(e));
  const seen = new Set<string>();
  return kept.filter((e) => {
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function toDiagnostic(e: ErrorObject, plugin: Plugin, node: MapValue, file: string): Diagnostic {
  const path: ConfigPath = parseInstancePath(e.instancePath);
  const where = locate(node, path);
  const name = pathToString(path);
  const base = { severity: 'error' as const, file };
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      const inner = locate(node, [...path, extra]);
      const isOption = path.length === 0;
      return {
        ...base,
        code: KernelCodes.unknownOption,
        message: `${plugin.id} has no ${isOption ? 'option' : `field in '${name}' named`} '${extra}'`,
        range: inner.keyRange ?? inner.node.range,
        hint: didYouMean(extra, known) ?? (known.length ? `known: ${known.join(', ')}` : undefined),
      };
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return {
        ...base,
        code: KernelCodes.missingOption,
        message: `${plugin.id} needs option '${path.length ? `${name}.` : ''}${missing}'`,
        range: where.node.range,
        hint: describe(e, missing),
      };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const got = String(e.data);
      return {
        ...base,
        code: KernelCodes.invalidOption,
        message: `option '${name}' of ${plugin.id} must be one of ${allowed.join(', ')}; got '${got}'`,
        range: where.node.range,
        hint: didYouMean(got, allowed),
      };
    }
    default: {
      const desc = (e.parentSchema as { description?: string } | undefined)?.description;
      const what = e.keyword === 'anyOf' || e.keyword === 'oneOf' ? 'has an invalid value' : (e.message ?? 'is invalid');
      return {
        ...base,
        code: KernelCodes.invalidOption,
        message: `option '${name || '{}'}' of ${plugin.id} ${what}${e.keyword === 'anyOf' || e.keyword === 'oneOf' ? '' : `; got ${JSON.stringify(e.data)}`}`,
        range: where.node.range,
        hint: desc,
      };
    }
  }
}

function describe(e: ErrorObject, prop: string): string | undefined {
  const props = (e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties;
  return props?.[prop]?.description;
}
