import { readFile, rename, writeFile } from 'node:fs/promises';
import { MemoryStore } from '../store/memory-store.js';
import type { MemorySnapshot } from '../store/memory-store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/**
 * Development without Redis: the embedded store, kept in a JSON file so tenants, guests,
 * clients and sessions survive a restart of `npm run dev`. Loaded at start; written (whole,
 * to a temporary file then renamed, so a crash never leaves half a file) at most once a
 * `intervalMs` after a change, and at close.
 */
export class DevStoreFile {
  #saved: number;
  #writing: Promise<void> = Promise.resolve();
  readonly #timer: NodeJS.Timeout;

  private constructor(
    readonly store: MemoryStore,
    readonly path: string,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    this.#saved = store.changes;
    this.#timer = setInterval(() => void this.save(), intervalMs).unref();
  }

  /** the store with the file's contents (an unreadable file is set aside, not lost) */
  static async open(
    path: string,
    logger: Logger,
    options: { clock?: Clock; intervalMs?: number } = {},
  ): Promise<DevStoreFile> {
    const store = new MemoryStore(options.clock);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      // no file yet: the first start
    }
    if (text !== undefined) {
      try {
        store.restore(parseSnapshot(text));
      } catch (error) {
        const aside = `${path}.unreadable-${Date.now()}`;
        await rename(path, aside);
        logger.warn('dev.state_unreadable', {
          message: `the development data file could not be read (${(error as Error).message}); it was moved to ${aside} and the store starts empty`,
        });
      }
    }
    return new DevStoreFile(store, path, logger, options.intervalMs ?? 1000);
  }

  /** writes the file when the store changed since the last write (one write at a time) */
  save(): Promise<void> {
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const changes = this.store.changes;
    if (changes === this.#saved) return;
    this.#saved = changes;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(this.store.snapshot()), { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      this.logger.warn('dev.state_not_saved', { error: (error as Error).message });
    }
  }

  /** the last write; the store itself is closed by its app */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.save();
  }
}

function parseSnapshot(text: string): MemorySnapshot {
  const value = JSON.parse(text) as Partial<MemorySnapshot> | null;
  if (value?.version !== 1 || !Array.isArray(value.keys) || typeof value.streams !== 'object')
    throw new Error('not a snapshot of the embedded store');
  return value as MemorySnapshot;
}
