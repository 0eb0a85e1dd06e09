import { open, rename, rm } from 'node:fs/promises';
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

async function syncFolder(folder: string): Promise<void> {
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
