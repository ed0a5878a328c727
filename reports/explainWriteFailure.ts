import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { BaseError, InputError } from '../errors/index.ts'

/** What the OS codes a user meets when writing an output folder mean, and what to do. */
const REASONS: Record<string, [string, string]> = {
  ENOSPC: ['no space left on the device', 'free some space or choose another --out'],
  EDQUOT: ['disk quota exceeded', 'free some space or choose another --out'],
  EROFS: ['read-only file system', 'choose an --out on a writable file system'],
  EACCES: ['permission denied', 'choose an --out you can write to'],
  EPERM: ['operation not permitted', 'choose an --out you can write to'],
  ENOENT: ['a folder on the path is gone or refuses new entries', 'choose an --out in an ordinary folder'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'choose another --out'],
  EEXIST: ['a part of the path is a file, not a folder', 'choose another --out'],
  EISDIR: ['a folder stands where a file goes', 'choose another --out'],
  ENAMETOOLONG: ['the path is too long', 'choose a shorter --out'],
  EIO: ['input/output error on the device', 'check the disk, or choose another --out'],
  EFBIG: ['file too large for the file system', 'choose an --out on another file system'],
}

const NO_PATH = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EFBIG'])

/**
 * An OS error met while writing `folder` (or the staging folder it is built in) as one line
 * that names the folder the user gave and the OS error (`ENOSPC`, `EROFS`...), exit 2: a full
 * or read-only disk is the machine's state, not a bug. The internal path (a staging folder, a
 * temporary file) stays out of the message. Errors about other paths pass through unchanged.
 */
export function explainWriteFailure(error: unknown, folder: string, ...within: string[]): unknown {
  if (error instanceof BaseError || !(error instanceof Error)) return error
  const { code, path, dest } = error as NodeJS.ErrnoException & { dest?: string }
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error
  const paths = [path, dest].filter((p): p is string => typeof p === 'string')
  // The staging folder createOutputDir and merge build the folder in counts as the folder.
  const staging = join(dirname(folder), `.${basename(folder)}.partial-${process.pid}`)
  const roots = [folder, staging, ...within].map((p) => resolve(p))
  // The folder, what is in it, or one of its parents being created.
  const inside = (p: string) => roots.some((root) => isWithin(root, resolve(p)) || isWithin(resolve(p), root))
  // A failed write() names no path: only codes that mean "this disk cannot take it" are kept.
  if (paths.length === 0 ? !NO_PATH.has(code) : !paths.some(inside)) return error
  const [why, hint] = REASONS[code] ?? [
    error.message.replace(/^[A-Z]+: /, '').split(',')[0],
    'choose another --out',
  ]
  return new InputError(`cannot write output folder ${folder}: ${code}, ${why}`, { hint, cause: error })
}

function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}
