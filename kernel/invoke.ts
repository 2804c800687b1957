/**
 * One wrapper around every plugin call. A plugin's `run` may return a promise, an async
 * generator or an observable; all three are bridged into the same ctx calls, and whatever is
 * thrown comes back tagged with the plugin and stage (see StageFailure).
 */
import type { ObservableLike, Plugin, PluginContext, StageResult, StageYield } from './plugin.js';

export class StageFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly pluginId: string,
    readonly stage: string,
    /** `FILE:LINE:COL` of the offending option or the stage. */
    readonly location?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StageFailure';
  }
}

function isAsyncIterator(x: unknown): x is AsyncGenerator<StageYield, StageResult | void, void> {
  return !!x && typeof (x as AsyncGenerator).next === 'function' && typeof (x as AsyncGenerator)[Symbol.asyncIterator] === 'function';
}

function isObservable(x: unknown): x is ObservableLike<StageYield> {
  return !!x && typeof (x as ObservableLike<StageYield>).subscribe === 'function';
}

function apply(ctx: PluginContext, y: StageYield): StageResult | undefined {
  switch (y.type) {
    case 'progress':
      ctx.progress(y);
      return undefined;
    case 'metric':
      ctx.metric(y.name, y.value, y.step);
      return undefined;
    case 'log':
      ctx.log(y.message);
      return undefined;
    case 'result':
      return y.value;
  }
}

export async function invokePlugin(plugin: Plugin, ctx: PluginContext, inputs: Record<string, unknown>, config: unknown): Promise<StageResult> {
  const ret = plugin.run(ctx, inputs, config);
  let result: StageResult | undefined;
  if (isAsyncIterator(ret)) {
    for (;;) {
      const step = await ret.next();
      if (step.done) {
        result = step.value ?? result;
        break;
      }
      result = apply(ctx, step.value) ?? result;
    }
  } else if (isObservable(ret)) {
    result = await new Promise<StageResult | undefined>((resolve, reject) => {
      let last: StageResult | undefined;
      const sub = ret.subscribe({
        next: (y) => {
          last = apply(ctx, y) ?? last;
        },
        error: reject,
        complete: () => resolve(last),
      });
      ctx.signal.addEventListener('abort', () => sub.unsubscribe(), { once: true });
    });
  } else {
    result = await ret;
  }
  if (!result || typeof result !== 'object' || !('output' in result)) {
    throw new Error(`${plugin.id} finished without a result: run() must return { output, result? }`);
  }
  return result;
}
