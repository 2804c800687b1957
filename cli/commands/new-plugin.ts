/**
 * `pipewright new-plugin NAME`: scaffolds a third-party plugin package — plain ESM JavaScript, so
 * it runs without a build step — with a worked example (counting a model's parameters), a README,
 * and a test on Node's built-in runner that passes as generated (`npm test` inside it).
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join, resolve, basename } from 'node:path';
import { API_VERSION } from '../../kernel/plugin.js';
import type { Io } from '../io.js';

const NAME_RE = /^[a-z][a-z0-9_]*$/;

export async function newPluginCommand(name: string, o: { kind?: string; dir?: string }, io: Io): Promise<number> {
  const kind = o.kind ?? 'evaluate';
  if (!NAME_RE.test(name) || !NAME_RE.test(kind)) {
    io.err(`pipewright: plugin and kind names must match ${NAME_RE} (letters, digits, underscores; start with a letter): got '${kind} ${name}'\n`);
    return 2;
  }
  const dir = resolve(o.dir ?? `pipewright-plugin-${name.replace(/_/g, '-')}`);
  if (await access(dir).then(() => true, () => false)) {
    io.err(`pipewright: ${dir} already exists; choose another --dir\n`);
    return 2;
  }
  await mkdir(join(dir, 'test'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify({ name: basename(dir), version: '0.1.0', type: 'module', main: 'index.js', description: `pipewright plugin: ${kind} ${name}`, keywords: ['pipewright-plugin'], scripts: { test: 'node --test test/' }, peerDependencies: { pipewright: '>=0.1.0' } }, null, 2)}\n`,
    'index.js': indexJs(kind, name),
    'test/plugin.test.js': testJs(kind, name),
    'README.md': readme(kind, name, basename(dir)),
  };
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  io.out(`created ${dir}\n  next: cd ${basename(dir)} && npm test\n  use it: add \`use "./${basename(dir)}"\` to a .pipe file and a stage \`${kind} ${name} { }\`\n`);
  return 0;
}

function indexJs(kind: string, name: string): string {
  return `// A pipewright plugin. The kernel validates options against configSchema (defaults applied)
// before run() is called, and matches 'inputs' against earlier stages' output types.
const plugin = {
  id: '${kind}/${name}',
  kind: '${kind}',
  name: '${name}',
  version: '0.1.0',
  apiVersion: ${API_VERSION},
  description: 'Counts the parameters of a model (nonzero ones too) — a worked example to edit.',
  configSchema: {
    type: 'object',
    properties: {
      threshold: { type: 'number', minimum: 0, default: 0, description: 'count |w| > threshold as nonzero' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model', description: 'a model artifact: { params: { name: { shape, data } } }' } },
  output: 'Metrics',
  async run(ctx, inputs, config) {
    let total = 0;
    let nonzero = 0;
    for (const p of Object.values(inputs.model.params)) {
      total += p.data.length;
      for (const w of p.data) if (Math.abs(w) > config.threshold) nonzero++;
      ctx.throwIfAborted();
    }
    ctx.metric('params', total);
    ctx.metric('params_nonzero', nonzero);
    ctx.log(\`\${nonzero} of \${total} parameters above \${config.threshold}\`);
    return { output: { params: total, params_nonzero: nonzero } };
  },
};

export default plugin;
`;
}

function testJs(kind: string, name: string): string {
  return `import { test } from 'node:test';
import assert from 'node:assert/strict';
import plugin from '../index.js';

function fakeContext() {
  const metrics = {};
  return {
    metrics,
    ctx: {
      metric: (n, v) => { metrics[n] = v; },
      log: () => {},
      throwIfAborted: () => {},
    },
  };
}

test('${kind} ${name} counts parameters and nonzeros', async () => {
  const model = { params: { w: { shape: [2, 2], data: new Float32Array([0, 1, -2, 0]) }, b: { shape: [2], data: new Float32Array([0.5, 0]) } } };
  const { ctx, metrics } = fakeContext();
  const res = await plugin.run(ctx, { model }, { threshold: 0 });
  assert.deepEqual(res.output, { params: 6, params_nonzero: 3 });
  assert.equal(metrics.params_nonzero, 3);
});

test('${kind} ${name} declares the plugin API it was built for', () => {
  assert.equal(plugin.apiVersion, ${API_VERSION});
  assert.equal(plugin.id, '${kind}/${name}');
});
`;
}

function readme(kind: string, name: string, pkg: string): string {
  return `# ${pkg}

A [pipewright](https://www.npmjs.com/package/pipewright) plugin: \`${kind} ${name}\`.

\`\`\`
use "./${pkg}"          # or the npm package name once published

pipeline demo {
  data mnist { train: 1000, test: 200 }
  model mlp  { layers: [784, 32, 10] }
  ${kind} ${name} { threshold: 0 }
}
\`\`\`

- \`npm test\` runs the plugin's tests (Node's built-in runner).
- \`pipewright plugins\` lists it when a .pipe file in the folder \`use\`s it; \`pipewright check FILE\` validates its options.
- Keep \`apiVersion: ${API_VERSION}\`: pipewright refuses a plugin built for another plugin API.
`;
}
