// A runner whose speed drifts, as shared CI machines' does: a background process that loads one
// core for 20–40 s at a time, then rests 10–30 s, at random (seeded). Used by the A/B self-test.
import { spawn } from 'node:child_process';
import { mulberry32 } from '../dist/harness/feeds.js';

const HOG_SOURCE = 'for (;;) { let x = 0; for (let i = 0; i < 1e7; i++) x += i; }';

/** Starts drifting; returns stop() and how long the hog has run so far (ms). */
export function startDrift({ seed = 1, hogMs = [20_000, 40_000], restMs = [10_000, 30_000] } = {}) {
  const random = mulberry32(seed);
  const between = ([low, high]) => low + random() * (high - low);
  let hog = null;
  let timer = null;
  let stopped = false;
  let hogStartedAt = 0;
  let hoggedMs = 0;
  const rest = () => {
    if (hog) {
      hog.kill('SIGKILL');
      hog = null;
      hoggedMs += performance.now() - hogStartedAt;
    }
    if (!stopped) timer = setTimeout(load, between(restMs));
  };
  const load = () => {
    if (stopped) return;
    hog = spawn(process.execPath, ['-e', HOG_SOURCE], { stdio: 'ignore' });
    hogStartedAt = performance.now();
    timer = setTimeout(rest, between(hogMs));
  };
  // Start in a random phase, so runs do not all begin on a quiet machine.
  if (random() < 0.5) load();
  else timer = setTimeout(load, between(restMs));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      rest();
    },
    hoggedMs: () => hoggedMs + (hog ? performance.now() - hogStartedAt : 0),
  };
}
