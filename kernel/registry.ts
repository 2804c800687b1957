/**
 * The plugin registry: plugins keyed by kind and name, backends by name. Registering the same id
 * twice is an error (two packages claiming `train/adam` would otherwise shadow each other silently).
 */
import type { Plugin } from './plugin.js';
import type { BackendPlugin } from './backend.js';

export class DuplicatePluginError extends Error {}

export interface RegisteredPlugin {
  plugin: Plugin;
  /** `builtin`, or the `use` target it was loaded from. */
  origin: string;
}

export class PluginRegistry {
  private readonly byKind = new Map<string, Map<string, RegisteredPlugin>>();
  private readonly backendsByName = new Map<string, { backend: BackendPlugin; origin: string }>();

  add(plugin: Plugin, origin: string): void {
    let kind = this.byKind.get(plugin.kind);
    if (!kind) this.byKind.set(plugin.kind, (kind = new Map()));
    const prev = kind.get(plugin.name);
    if (prev) {
      throw new DuplicatePluginError(
        `plugin '${plugin.id}' from ${origin} is already registered by ${prev.origin}`,
      );
    }
    kind.set(plugin.name, { plugin, origin });
  }

  addBackend(backend: BackendPlugin, origin: string): void {
    const prev = this.backendsByName.get(backend.name);
    if (prev) {
      throw new DuplicatePluginError(
        `backend '${backend.name}' from ${origin} is already registered by ${prev.origin}`,
      );
    }
    this.backendsByName.set(backend.name, { backend, origin });
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  namesOf(kind: string): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }

  get(kind: string, name: string): RegisteredPlugin | undefined {
    return this.byKind.get(kind)?.get(name);
  }

  all(): RegisteredPlugin[] {
    return [...this.byKind.values()].flatMap((m) => [...m.values()]);
  }

  backend(name: string): BackendPlugin | undefined {
    return this.backendsByName.get(name)?.backend;
  }

  backends(): BackendPlugin[] {
    return [...this.backendsByName.values()].map((b) => b.backend);
  }
}
