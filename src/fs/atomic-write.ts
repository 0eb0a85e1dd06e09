import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

/**
 * Replaces `file` with `text` (UTF-8) so that a crash leaves either the old or the new content, never a
 * mix: writes `<file>.<pid>.<n>.tmp` next to it, fsyncs it, renames it over `file`, then fsyncs the
 * folder so the rename itself survives a power cut. `mode` applies to a newly created file (e.g. 0o600
 * for secrets). Rejects with the underlying fs error; the temp file is removed on failure.
 */
export async function writeFileAtomic(file: string, text: string, mode = 0o644): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${++sequence}.tmp`);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncFolder(dirname(file));
}

/** Fsyncs a folder so that a rename or a new file in it survives a power cut (a no-op where the file system refuses). */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems refuse fsync on a directory (EINVAL/EISDIR); the rename is still atomic there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw err;
  } finally {
    await handle.close();
  }
}

/**
 * Whether process `pid` is alive on this machine (a signal-0 probe; EPERM means it exists but belongs
 * to another user, so it counts as alive).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files writeFileAtomic left next to `file` when its writer was killed mid-write
 * (`.<name>.<pid>.<n>.tmp`): only those of `file`, only in its folder, and only when their pid is neither
 * this process nor alive. Returns the removed paths. Rejects with the fs error when the folder cannot be
 * listed or a file cannot be removed (a file already gone is fine).
 */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const folder = dirname(file);
  const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const temp = new RegExp(`^\\.${name}\\.([0-9]{1,10})\\.[0-9]{1,15}\\.tmp$`);
  const removed: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const match = temp.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    const path = join(folder, entry.name);
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
