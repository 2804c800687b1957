/** The contract every sparsity plugin keeps: ids, versions, closed schemas, docs pages that exist. */
import { existsSync } from 'node:fs';
import { API_VERSION } from '../../../kernel/plugin.js';
import { plugins } from '../../../plugins/sparse/index.js';
import { validated } from '../nn/fake-context.js';

const minimal: Record<string, Record<string, unknown>> = {
  'sparsify/magnitude': { sparsity: 0.5 },
  'sparsify/gmp': { sparsity: 0.5 },
  'sparsify/set': { sparsity: 0.5 },
  'sparsify/rigl': { density: 0.5 },
  'sparsify/lottery': { sparsity: 0.5 },
  'sparsify/structured': { amount: 0.5 },
  'evaluate/sparse': {},
};

test('ids are unique and match kind/name', () => {
  expect(plugins.map((p) => p.id).sort()).toEqual(Object.keys(minimal).sort());
  for (const p of plugins) expect(p.id).toBe(`${p.kind}/${p.name}`);
});

test.each(plugins.map((p) => [p.id, p] as const))('%s: version, api, closed schema, docs, defaults', (id, p) => {
  expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(p.apiVersion).toBe(API_VERSION);
  expect((p.configSchema as { additionalProperties?: boolean }).additionalProperties).toBe(false);
  const page = p.docs!.match(/docs\/plugins\/[\w-]+\.md/)![0];
  expect(existsSync(new URL(`../../../${page}`, import.meta.url))).toBe(true);
  const config = validated(p, minimal[id]!);
  expect(p.check?.(config) ?? []).toEqual([]);
  expect(() => validated(p, { ...minimal[id], no_such_option: 1 })).toThrow(/additional/);
});
