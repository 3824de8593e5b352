/**
 * onnxruntime's profiler output: Chrome trace events ({"cat", "name", "ts", "dur", "ph": "X",
 * "args"}). onnxruntime-node writes them as one JSON array to a file; onnxruntime-web prints
 * the same array on the console, an event per line, mixed with whatever else was printed.
 */
export interface OrtTraceEvent {
  cat: string;
  name: string;
  /** Microseconds. */
  ts: number;
  dur: number;
  ph: string;
  pid?: number;
  tid?: number;
  args?: Record<string, unknown>;
}

function isEvent(value: unknown): value is OrtTraceEvent {
  const event = value as Partial<OrtTraceEvent> | null;
  return typeof event === 'object' && event !== null && typeof event.cat === 'string' && typeof event.name === 'string' && typeof event.dur === 'number' && typeof event.ts === 'number';
}

/** The events in a printed or written trace; lines that are not events are skipped. */
export function parseOrtTrace(text: string): OrtTraceEvent[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed.filter(isEvent);
    } catch {
      // printed output with other lines in it: read line by line below
    }
  }
  const events: OrtTraceEvent[] = [];
  for (const line of text.split('\n')) {
    const candidate = line.trim().replace(/,$/, '');
    if (!candidate.startsWith('{"cat"')) continue;
    try {
      const parsed = JSON.parse(candidate) as unknown;
      if (isEvent(parsed)) events.push(parsed);
    } catch {
      // a line cut by other output; the rest of the trace still counts
    }
  }
  return events;
}
