import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ResultVerifierOptionError } from './errors';
import type { ReplayClaim, ReplayRules, ReplayStore } from './replay';

/** Options of a FileReplayStore. */
export interface FileReplayStoreOptions {
  /** A lock older than this is taken to be left by a dead process and broken, in ms (default 10,000). */
  staleLockMs?: number;
  /** How long one operation waits for the lock before it throws, in ms (default 10,000). */
  lockWaitMs?: number;
}

interface Entry {
  state: 'pending' | 'done';
  atMs: number;
}

/**
 * One line of the file: `{"id":"…","state":"pending"|"done"|"released","at":<epoch ms>}`. The first
 * line is a header `{"replayStore":1,"generation":"<uuid>"}`, new with every rewrite, so a reader can
 * tell a compacted file from the one it read (an inode number may be reused).
 */
interface LogLine {
  id: string;
  state: 'pending' | 'done' | 'released';
  at: number;
}

/** Compaction runs when the file holds this many lines and twice as many as right after the last compaction. */
const COMPACT_MIN_LINES = 1000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * A ReplayStore in a JSON Lines file, shared by every process that opens the same path on one machine
 * (two `voxmask results drain` at once, a webhook and a drain). Each operation takes an exclusive lock
 * file `<path>.lock` (created with O_EXCL; one left behind by a dead process is broken after
 * `staleLockMs`), reads the lines other processes appended since its last look, decides, appends one
 * line and lets go, so `claim` is atomic across processes. When the file has grown to 1000 lines and
 * twice its length after the last compaction, it is rewritten with only its live entries (temp file +
 * rename) under the same lock; a store that had read the old file notices the new inode and re-reads.
 * Synchronous (node:fs *Sync), so ResultReplayGuard.admit works with it.
 */
export class FileReplayStore implements ReplayStore {
  readonly path: string;
  private readonly lockPath: string;
  private readonly staleLockMs: number;
  private readonly lockWaitMs: number;
  private readonly entries = new Map<string, Entry>();
  private lines = 0;
  /** Lines the file had after the last compaction (or when first read). */
  private compactedLines = 0;
  /** Bytes of the file already read, and the generation of the file they belong to (a compaction by another process replaces it). */
  private readOffset = 0;
  private generation: string | undefined;

  /**
   * @param path the file; created (with its folder) on first write
   * @throws ResultVerifierOptionError for a bad staleLockMs/lockWaitMs
   */
  constructor(path: string, options: FileReplayStoreOptions = {}) {
    this.path = resolve(path);
    this.lockPath = `${this.path}.lock`;
    this.staleLockMs = positiveMs('staleLockMs', options.staleLockMs ?? 10_000);
    this.lockWaitMs = positiveMs('lockWaitMs', options.lockWaitMs ?? 10_000);
  }

  claim(resultId: string, nowMs: number, rules: ReplayRules): ReplayClaim {
    return this.locked(() => {
      const entry = this.entries.get(resultId);
      const live = entry && nowMs - entry.atMs <= rules.retentionMs;
      if (live && (entry.state === 'done' || nowMs - entry.atMs <= rules.leaseMs)) return entry.state;
      this.append({ id: resultId, state: 'pending', at: nowMs });
      this.compactIfLarge(nowMs, rules.retentionMs);
      return 'claimed';
    });
  }

  settle(resultId: string, nowMs: number): void {
    this.locked(() => this.append({ id: resultId, state: 'done', at: nowMs }));
  }

  release(resultId: string): void {
    this.locked(() => {
      if (this.entries.get(resultId)?.state === 'pending') this.append({ id: resultId, state: 'released', at: 0 });
    });
  }

  private locked<T>(task: () => T): T {
    this.acquire();
    try {
      this.catchUp();
      return task();
    } finally {
      rmSync(this.lockPath, { force: true });
    }
  }

  private acquire(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const deadline = Date.now() + this.lockWaitMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        closeSync(openSync(this.lockPath, 'wx'));
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const age = lockAgeMs(this.lockPath);
      if (age !== undefined && age > this.staleLockMs) rmSync(this.lockPath, { force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `replay store ${this.path}: lock ${this.lockPath} held for over ${this.lockWaitMs} ms; remove it if no voxmask process is running`,
        );
      else Atomics.wait(sleeper, 0, 0, wait);
    }
  }

  /** Reads what was appended since the last look (all of it again when the file was replaced or shortened). */
  private catchUp(): void {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.reset(undefined);
      return;
    }
    try {
      const stat = fstatSync(fd);
      const generation = generationOf(fd, stat.size);
      if (generation !== this.generation || stat.size < this.readOffset) this.reset(generation);
      const length = stat.size - this.readOffset;
      if (length <= 0) return;
      const buffer = Buffer.alloc(length);
      const read = readSync(fd, buffer, 0, length, this.readOffset);
      const text = buffer.subarray(0, read).toString('utf8');
      const complete = text.lastIndexOf('\n') + 1;
      for (const line of text.slice(0, complete).split('\n')) if (line) this.apply(line);
      this.readOffset += Buffer.byteLength(text.slice(0, complete));
    } finally {
      closeSync(fd);
    }
  }

  private reset(generation: string | undefined): void {
    this.entries.clear();
    this.lines = 0;
    this.readOffset = 0;
    this.generation = generation;
  }

  private apply(text: string): void {
    this.lines++;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return; // a line torn by a crash mid-write; every later line is whole
    }
    if (typeof line.id !== 'string') return; // the header
    if (line.state === 'released') this.entries.delete(line.id);
    else this.entries.set(line.id, { state: line.state, atMs: line.at });
  }

  private append(line: LogLine): void {
    // Under the lock, after catchUp: no generation means the file is missing or empty, so it starts here.
    const text = `${this.generation === undefined ? headerLine() : ''}${JSON.stringify(line)}\n`;
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    this.catchUp();
  }

  private compactIfLarge(nowMs: number, retentionMs: number): void {
    if (this.lines < Math.max(COMPACT_MIN_LINES, 2 * this.compactedLines)) return;
    const live = [...this.entries].filter(([, entry]) => nowMs - entry.atMs <= retentionMs);
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(
      temp,
      headerLine() + live.map(([id, entry]) => `${JSON.stringify({ id, state: entry.state, at: entry.atMs })}\n`).join(''),
    );
    renameSync(temp, this.path);
    this.catchUp();
    this.compactedLines = this.lines;
  }
}

function headerLine(): string {
  return `${JSON.stringify({ replayStore: 1, generation: randomUUID() })}\n`;
}

/** The generation in the file's header line, or undefined for an empty file or one without a header. */
function generationOf(fd: number, size: number): string | undefined {
  const head = Buffer.alloc(Math.min(size, 200));
  const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
  const end = text.indexOf('\n');
  if (end < 0) return undefined;
  try {
    const generation = (JSON.parse(text.slice(0, end)) as { generation?: unknown }).generation;
    return typeof generation === 'string' ? generation : undefined;
  } catch {
    return undefined;
  }
}

function lockAgeMs(path: string): number | undefined {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function positiveMs(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new ResultVerifierOptionError(option, `must be a finite number of ms > 0, got ${String(value)}`);
  return value;
}
