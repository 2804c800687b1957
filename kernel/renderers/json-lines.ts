/** `--json`: one JSON object per kernel event, one per line, in order. */
import type { Observable, Subscription } from 'rxjs';
import type { RunEvent } from '../events.js';

export function renderJsonLines(events$: Observable<RunEvent>, write: (line: string) => void): Subscription {
  return events$.subscribe((e) => write(`${JSON.stringify(e)}\n`));
}
