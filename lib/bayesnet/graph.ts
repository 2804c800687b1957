/** Small directed-graph helpers over parent lists (`parents[v]` = the parents of v). */

/** A directed cycle [a, b, ..., z] with a → b → ... → z → a (arrows parent → child), or undefined. */
export function findCycle(parents: number[][]): number[] | undefined {
  const n = parents.length;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const visit = (v: number): number[] | undefined => {
    state[v] = 1;
    stack.push(v);
    for (const p of parents[v]!) {
      if (state[p] === 1) return stack.slice(stack.indexOf(p)).reverse();
      if (state[p] === 0) {
        const c = visit(p);
        if (c) return c;
      }
    }
    stack.pop();
    state[v] = 2;
    return undefined;
  };
  for (let v = 0; v < n; v++) {
    if (state[v] === 0) {
      const c = visit(v);
      if (c) return c;
    }
  }
  return undefined;
}

/** Parents before children. Assumes no cycle. */
export function topologicalOrder(parents: number[][]): number[] {
  const n = parents.length;
  const done = new Uint8Array(n);
  const order: number[] = [];
  const visit = (v: number) => {
    if (done[v]) return;
    done[v] = 1;
    for (const p of parents[v]!) visit(p);
    order.push(v);
  };
  for (let v = 0; v < n; v++) visit(v);
  return order;
}

/** `roots` and all their ancestors. */
export function ancestralSet(parents: number[][], roots: Iterable<number>): Uint8Array {
  const keep = new Uint8Array(parents.length);
  const stack = [...roots];
  while (stack.length) {
    const v = stack.pop()!;
    if (keep[v]) continue;
    keep[v] = 1;
    stack.push(...parents[v]!);
  }
  return keep;
}
