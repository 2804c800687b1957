/**
 * The linked, validated plan: what the runner executes. Units are independent (one pipeline, or
 * one sweep point) and serialisable apart from the plugin objects, which are looked up by id.
 */
import type { PipelineNode, StageNode } from '../dsl/ast.js';
import type { JsonValue, Plugin } from './plugin.js';

export interface StagePlan {
  name: string;
  node: StageNode;
  plugin: Plugin;
  /** Validated config with defaults applied. */
  config: Record<string, unknown>;
  /** Port name → producing stage name(s). */
  inputs: Record<string, string | string[]>;
  /** Content hash: plugin id@version, config, backend, seed, input keys. */
  key: string;
  /** What the key was computed from, kept to explain why a stage re-runs. */
  keyMaterial: KeyMaterial;
}

export interface KeyMaterial {
  plugin: string;
  config: Record<string, unknown>;
  backend: string;
  seed: number;
  inputs: Record<string, string | string[]>;
}

export interface UnitPlan {
  /** `pipeline` or `pipeline[lr=0.1,seed=2]` */
  id: string;
  pipeline: PipelineNode;
  params: Record<string, JsonValue>;
  backend: string;
  seed: number;
  /** Topological order. */
  stages: StagePlan[];
}

export interface Plan {
  file: string;
  baseDir: string;
  units: UnitPlan[];
}
