import type { RunConfig } from '../config/run-config-schema.js';
import { Interrupted } from '../errors.js';
import type { RuntimeName } from '../types.js';
import type { RuntimeFacts, RuntimeLauncher, RuntimeSession } from './measurement.js';
import { RUNTIME_LAUNCHERS } from './registry.js';

/** Opens each runtime once, on first use; closes all of them, whatever happened. */
export class RuntimeSessions {
  private readonly opened = new Map<RuntimeName, Promise<RuntimeSession>>();
  private closing: Promise<void> | null = null;

  constructor(
    private readonly config: Readonly<RunConfig>,
    private readonly env: NodeJS.ProcessEnv,
    private readonly launchers: Readonly<Partial<Record<RuntimeName, RuntimeLauncher>>>,
  ) {}

  get(runtime: RuntimeName): Promise<RuntimeSession> {
    if (this.closing) return Promise.reject(new Interrupted('abort'));
    let session = this.opened.get(runtime);
    if (!session) {
      session = (this.launchers[runtime] ?? RUNTIME_LAUNCHERS[runtime]).open(this.config, this.env);
      this.opened.set(runtime, session);
    }
    return session;
  }

  /** What the runtimes opened so far tell about themselves (still known after closing). */
  async descriptions(): Promise<RuntimeFacts> {
    const settled = await Promise.allSettled(this.opened.values());
    return Object.assign({}, ...settled.map((result) => (result.status === 'fulfilled' ? result.value.describe() : {})));
  }

  /** Safe to call more than once, and from an abort while a trial is running: closes each runtime once. */
  closeAll(): Promise<void> {
    this.closing ??= Promise.allSettled([...this.opened.values()].map(async (session) => (await session).close())).then(() => undefined);
    return this.closing;
  }
}
