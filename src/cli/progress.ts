/**
 * Progress while measuring, on stderr. On a TTY one line is redrawn in place (model, phase,
 * samples so far); elsewhere (CI logs) each step is a plain line.
 */
import type { ProgressEvent } from '../types.js';
import type { TextOutput } from './cli-io.js';
import { rowLabel } from '../report/row-label.js';
import { terminalText } from '../reporters/control-chars.js';

const REDRAW_INTERVAL_MS = 250;

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

export function createProgressReporter(stream: TextOutput, interactive: boolean): ProgressReporter {
  let line = '';
  let timer: NodeJS.Timeout | undefined;

  const draw = (untrusted: string) => {
    const text = terminalText(untrusted);
    if (interactive) {
      line = text;
      stream.write(`\r\u001b[2K${text}`);
    } else {
      stream.write(`${text}\n`);
    }
  };
  const clear = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (interactive && line) stream.write('\r\u001b[2K');
    line = '';
  };

  return {
    onProgress(event) {
      switch (event.kind) {
        case 'trial-start':
          clear();
          draw(`[${event.index}/${event.total}] ${rowLabel(event.trial)} on ${event.trial.runtime}`);
          break;
        case 'load-sample': {
          const name = `${rowLabel(event.trial)} on ${event.trial.runtime}`;
          if (interactive) {
            const more = event.done > event.minimum ? ` (more while a load check is undecided, at most ${event.maximum})` : `/${event.minimum}`;
            draw(`${name}: ${event.temperature} loads ${event.done}${more}`);
          } else if (event.done === event.minimum) {
            draw(`${name}: ${event.temperature} loads ${event.done}/${event.minimum} (more, up to ${event.maximum}, while a load check is undecided)`);
          }
          break;
        }
        case 'inference-start': {
          clear();
          const started = Date.now();
          const bounds = `at least ${(event.minTimeMs / 1000).toFixed(1)} s, at most ${(event.maxTimeMs / 1000).toFixed(1)} s`;
          const text = () => `${rowLabel(event.trial)} on ${event.trial.runtime}: timed inference ${interactive ? `${((Date.now() - started) / 1000).toFixed(1)} s ` : ''}(${bounds})`;
          draw(text());
          if (interactive) timer = setInterval(() => draw(text()), REDRAW_INTERVAL_MS);
          break;
        }
        case 'trial-end':
          clear();
          if (!interactive) draw(`${rowLabel(event.trial)} on ${event.trial.runtime}: ${{ ok: 'measured', error: 'failed', skipped: 'skipped' }[event.status]}`);
          break;
      }
    },
    stop: clear,
  };
}
