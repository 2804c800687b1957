/**
 * Topological order of the stage DAG (Kahn's algorithm, ties broken by source order so the run
 * follows the file); a cycle is reported at the `from` clause that closes it.
 */
import type { Diagnostic } from '../../dsl/diagnostics.js';
import type { StageNode } from '../../dsl/ast.js';
import { KernelCodes } from '../codes.js';

export function orderStages<T extends { name: string; node: StageNode }>(
  stages: T[],
  inputs: Map<string, Record<string, string | string[]>>,
  file: string,
  diags: Diagnostic[],
): T[] | undefined {
  const indeg = new Map(stages.map((s) => [s.name, 0]));
  const users = new Map<string, string[]>(stages.map((s) => [s.name, []]));
  for (const s of stages) {
    const srcs = new Set(Object.values(inputs.get(s.name) ?? {}).flat());
    for (const src of srcs) {
      indeg.set(s.name, indeg.get(s.name)! + 1);
      users.get(src)?.push(s.name);
    }
  }
  const order: T[] = [];
  const ready = stages.filter((s) => indeg.get(s.name) === 0);
  while (ready.length) {
    const s = ready.shift()!;
    order.push(s);
    for (const u of users.get(s.name)!) {
      indeg.set(u, indeg.get(u)! - 1);
      if (indeg.get(u) === 0) {
        const us = stages.find((x) => x.name === u)!;
        // Keep file order among ready stages.
        const at = ready.findIndex((x) => stages.indexOf(x) > stages.indexOf(us));
        ready.splice(at < 0 ? ready.length : at, 0, us);
      }
    }
  }
  if (order.length === stages.length) return order;
  const stuck = stages.filter((s) => !order.includes(s));
  const first = stuck.find((s) => s.node.from.length) ?? stuck[0]!;
  diags.push({
    severity: 'error',
    code: KernelCodes.cycle,
    message: `stages ${stuck.map((s) => `'${s.name}'`).join(', ')} form a cycle`,
    file,
    range: first.node.from[0]?.range ?? first.node.range,
    hint: 'a stage can only take inputs from stages that do not depend on it',
  });
  return undefined;
}
