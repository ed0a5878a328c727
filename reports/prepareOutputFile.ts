import { existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { InputError } from '../errors/index.ts'
import { makeFolder } from './makeFolder.ts'

/**
 * Make sure a file named by a flag (`--junit FILE`, `--out FILE`) can be written, creating its
 * folder, before any long work starts: finding out after the runs would lose their results.
 */
export function prepareOutputFile(path: string, flag: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new InputError(`${flag} ${path} is a folder, not a file`, {
      hint: `name a file, e.g. ${flag} ${path.replace(/\/+$/, '')}/out.${flag === '--junit' ? 'xml' : 'json'}`,
    })
  }
  const dir = dirname(path)
  try {
    // Not mkdirSync's recursive mode: it spins forever where the OS refuses with ENOENT (/proc).
    makeFolder(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new InputError(`${flag} ${path}: cannot create the folder ${dir} (${code})`, {
      hint: 'choose a path in a folder you can write to',
    })
  }
}
