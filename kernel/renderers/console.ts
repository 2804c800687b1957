/**
 * The human renderer. On a TTY: a live progress bar per running stage (ETA and running loss);
 * otherwise plain lines, throttled, so CI logs stay readable. Always: why a stage runs, what came
 * from the cache, errors with their code and location, and a final summary of every stage.
 */
import type { Observable, Subscription } from 'rxjs';
import picocolors from 'picocolors';
import cliProgress from 'cli-progress';
import type { RunEvent, StageProgressEvent } from '../events.js';
import { fmtDuration, fmtMetrics, fmtNumber } from './format.js';

export interface ConsoleOptions {
  tty: boolean;
  write: (s: string) => void;
  /** Seconds between plain progress lines when not a TTY. */
  plainInterval?: number;
}

export function renderConsole(events$: Observable<RunEvent>, o: ConsoleOptions): Subscription {
  // Colour only on a terminal: logs and pipes get plain text (picocolors alone would colour under CI=1).
  const pc = picocolors.createColors(o.tty);
  const multiUnit = { value: false };
  let bar: cliProgress.SingleBar | undefined;
  let lastPlain = 0;
  const label = (e: { unit: string; stage: string }) => (multiUnit.value ? `${e.unit}/${e.stage}` : e.stage);
  const stopBar = () => {
    if (bar) {
      bar.stop();
      bar = undefined;
    }
  };
  const line = (s: string) => {
    stopBar();
    o.write(`${s}\n`);
  };

  const progress = (e: StageProgressEvent) => {
    const loss = e.loss !== undefined ? fmtNumber(e.loss) : '-';
    if (o.tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `  ${label(e)} [{bar}] {percentage}% {value}/{total} {unit} | ETA {eta_formatted} | loss {loss}`, hideCursor: true, clearOnComplete: true, etaBuffer: 50, fps: 10, stream: { write: (s: string) => o.write(s), isTTY: true, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } as unknown as NodeJS.WriteStream },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total, e.done, { loss, unit: e.unitName ?? '' });
      }
      bar.setTotal(e.total);
      bar.update(e.done, { loss, unit: e.unitName ?? '' });
      return;
    }
    const now = Date.now();
    if (e.done < e.total && now - lastPlain < (o.plainInterval ?? 2) * 1000) return;
    lastPlain = now;
    const eta = e.eta !== undefined ? ` eta ${fmtDuration(e.eta * 1000)}` : '';
    o.write(`  ${label(e)} ${e.done}/${e.total}${e.unitName ? ` ${e.unitName}s` : ''}${e.loss !== undefined ? ` loss ${loss}` : ''}${eta}${e.message ? ` ${e.message}` : ''}\n`);
  };

  return events$.subscribe((e) => {
    switch (e.type) {
      case 'run:start':
        multiUnit.value = e.units.length > 1;
        line(pc.bold(`pipewright: ${e.file} — ${e.units.length} unit${e.units.length === 1 ? '' : 's'}, ${e.units.reduce((n, u) => n + u.stages.length, 0)} stages`));
        break;
      case 'unit:start':
        if (multiUnit.value) line(pc.bold(`\n▸ ${e.unit} (backend ${e.backend})`));
        break;
      case 'stage:start':
        line(`${pc.cyan('▶')} ${label(e)} ${pc.dim(`(${e.plugin})`)} ${pc.dim(`— ${e.reason}`)}`);
        break;
      case 'stage:progress':
        progress(e);
        break;
      case 'stage:log':
        line(`  ${e.level === 'warn' ? pc.yellow('warning:') : pc.dim('·')} ${e.message}`);
        break;
      case 'stage:artifact':
        line(`  ${pc.dim('wrote')} ${e.path}${e.description ? pc.dim(` (${e.description})`) : ''}`);
        break;
      case 'stage:cached':
        line(`${pc.green('●')} ${label(e)} ${pc.dim('cached')}  ${fmtMetrics(e.metrics)}`);
        break;
      case 'stage:error':
        line(`${pc.red('✗')} ${label(e)} ${pc.red(`error ${e.code}:`)} ${e.message}${e.location ? pc.dim(` (${e.location})`) : ''}`);
        break;
      case 'stage:end':
        if (e.status === 'ok') line(`${pc.green('✓')} ${label(e)} ${pc.dim(fmtDuration(e.durationMs))}  ${fmtMetrics(e.metrics)}`);
        else if (e.status === 'cancelled') line(`${pc.yellow('■')} ${label(e)} cancelled`);
        else stopBar();
        break;
      case 'run:end': {
        const status = e.status === 'ok' ? pc.green('ok') : e.status === 'error' ? pc.red('error') : pc.yellow('cancelled');
        line(pc.bold(`\nrun ${status} in ${fmtDuration(e.durationMs)}`));
        for (const [name, s] of Object.entries(e.stages)) {
          if (Object.keys(s.metrics).length) line(`  ${name.padEnd(18)} ${fmtMetrics(s.metrics, 8)}`);
        }
        for (const r of e.reports) line(`  report: ${r}`);
        break;
      }
    }
  });
}
