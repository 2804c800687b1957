/** The contract every plugin of this area keeps: ids, versions, closed schemas, docs, defaults. */
import { API_VERSION } from '../../../kernel/plugin.js';
import { plugins } from '../../../plugins/nn/index.js';
import { validated } from './fake-context.js';

test('ids are unique and match kind/name', () => {
  expect(new Set(plugins.map((p) => p.id)).size).toBe(plugins.length);
  expect(plugins.map((p) => p.id).sort()).toEqual(['data/mnist', 'evaluate/report', 'model/cnn', 'model/mlp', 'train/adam', 'train/sgd']);
  for (const p of plugins) expect(p.id).toBe(`${p.kind}/${p.name}`);
});

test.each(plugins.map((p) => [p.id, p] as const))('%s: version, api, closed schema, docs, defaults validate', (_, p) => {
  expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(p.apiVersion).toBe(API_VERSION);
  expect((p.configSchema as { additionalProperties?: boolean }).additionalProperties).toBe(false);
  expect(p.docs).toMatch(/docs\/plugins\/.+\.md/);
  expect(() => validated(p, {})).not.toThrow();
  expect(() => validated(p, { no_such_option: 1 })).toThrow(/additional/);
});
