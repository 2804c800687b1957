/**
 * Tensor backends are plugins too. A backend plugin says whether it can run here (and why not),
 * and activates itself: registers its tfjs backend and any kernels it adds, then makes itself
 * the active tfjs backend. Techniques never name a backend; the pipeline's `backend` line does.
 */

export interface BackendAvailability {
  available: boolean;
  /** One line: why it is unavailable, or what it found (adapter name, BLAS, ...). */
  reason?: string;
  /** e.g. `{ adapter: 'llvmpipe', vendor: 'mesa', software: true }` */
  details?: Record<string, string | number | boolean>;
}

export interface BackendPlugin {
  /** `backend/<name>` */
  id: string;
  kind: 'backend';
  /** As written in a .pipe file: `backend wasm`. */
  name: string;
  version: string;
  apiVersion: number;
  description: string;
  /** Cheap check, no side effects beyond loading modules. */
  probe(): Promise<BackendAvailability>;
  /**
   * Registers and selects the backend (`await tf.setBackend(...)`). Idempotent: called before
   * every run unit that names it. Throws an Error with a clear, actionable message when
   * unavailable (e.g. how to build the native addon).
   */
  activate(): Promise<void>;
  /** The tfjs backend name it installs (`wasm`, `cpu`, `webgpu`, ...). */
  tfBackendName: string;
}

export function defineBackend(
  b: Omit<BackendPlugin, 'kind' | 'apiVersion' | 'id'> & { apiVersion?: number },
): BackendPlugin {
  return { kind: 'backend', apiVersion: 1, id: `backend/${b.name}`, ...b };
}
