/**
 * Imported by the bin before anything else. The parent process only coordinates (workers and the
 * browser measure), yet V8 doubles its young generation at every busy start-up scavenge and never
 * gives it back: 32 MB of new space held for the whole run, 2× the rest of its heap. Keeping the
 * young generation at its initial size holds the parent at ~1.8× bare node's RSS while workers
 * measure (was 2.1×; bench/startup.mjs), for a few more scavenges of a process that is not timed.
 * The growth factor is read each time V8 considers growing, so setting it here takes effect.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--semi-space-growth-factor=1');
