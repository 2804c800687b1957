/**
 * The Inversify container: kernel services bound once, and one ContainerModule per plugin source
 * (the built-ins, then each `use` target). The registry is built from every bound plugin, so a
 * third-party package joins exactly the way a built-in does.
 */
import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import type { Plugin } from './plugin.js';
import type { BackendPlugin } from './backend.js';
import { PluginRegistry } from './registry.js';

export const TOKENS = {
  Plugin: Symbol.for('pipewright.Plugin'),
  Backend: Symbol.for('pipewright.Backend'),
  Registry: Symbol.for('pipewright.Registry'),
} as const;

export interface PluginSource {
  origin: string;
  plugins: Plugin[];
  backends?: BackendPlugin[];
}

export function pluginModule(src: PluginSource): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const p of src.plugins) bind<{ plugin: Plugin; origin: string }>(TOKENS.Plugin).toConstantValue({ plugin: p, origin: src.origin });
    for (const b of src.backends ?? []) bind<{ backend: BackendPlugin; origin: string }>(TOKENS.Backend).toConstantValue({ backend: b, origin: src.origin });
  });
}

export class KernelContainer {
  readonly container = new Container({ defaultScope: 'Singleton' });
  private readonly modules: ContainerModule[] = [];

  constructor(sources: PluginSource[]) {
    for (const s of sources) this.load(s);
    this.container.bind<PluginRegistry>(TOKENS.Registry).toDynamicValue(() => this.buildRegistry());
  }

  load(src: PluginSource): void {
    const m = pluginModule(src);
    this.modules.push(m);
    this.container.load(m);
    if (this.container.isBound(TOKENS.Registry)) this.container.rebind<PluginRegistry>(TOKENS.Registry).toDynamicValue(() => this.buildRegistry());
  }

  get registry(): PluginRegistry {
    return this.container.get<PluginRegistry>(TOKENS.Registry);
  }

  private buildRegistry(): PluginRegistry {
    const reg = new PluginRegistry();
    const all = <T>(id: symbol): T[] => (this.container.isBound(id) ? this.container.getAll<T>(id) : []);
    for (const { plugin, origin } of all<{ plugin: Plugin; origin: string }>(TOKENS.Plugin)) reg.add(plugin, origin);
    for (const { backend, origin } of all<{ backend: BackendPlugin; origin: string }>(TOKENS.Backend)) reg.addBackend(backend, origin);
    return reg;
  }
}
