/** Writes a file so a reader never sees it half-written: temp file in the same folder, then rename. */
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, describeError } from '../errors.js';
import { removeOnExit } from './exit-cleanup.js';

export async function writeFileAtomic(filePath: string, contents: string): Promise<void> {
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const forgetTemp = removeOnExit(temp);
  try {
    // Flushed before the rename, so a crash of the machine cannot leave an empty file behind the name.
    await writeFile(temp, contents, { flush: true });
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError('OUTPUT_NOT_WRITABLE', `cannot write ${filePath}: ${describeError(error)}; pass a writable folder with --out`, { cause: error });
  } finally {
    forgetTemp();
  }
}

/**
 * Creates the output folder and proves it writable before any measuring starts, so a long run
 * never ends in a lost report.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.wtb-write-check-${randomBytes(6).toString('hex')}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new InputError('OUTPUT_NOT_WRITABLE', `--out ${dir} is not a writable folder (${describeError(error)}); pass a writable folder with --out`, { cause: error });
  }
}
