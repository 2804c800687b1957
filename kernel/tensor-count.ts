/**
 * Live tensor count of tfjs, if tfjs has been loaded by a backend; 0 otherwise. Kept out of the
 * kernel's static imports so pipelines without tensors (Bayesian nets, kinetic solvers) never load tfjs.
 */
let tfRef: { memory(): { numTensors: number } } | undefined;

export function setTensorRuntime(tf: { memory(): { numTensors: number } }): void {
  tfRef = tf;
}

export async function tensorCount(): Promise<number> {
  return tfRef ? tfRef.memory().numTensors : 0;
}
