import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError } from '../errors/index.ts'
import { makeFolder } from './makeFolder.ts'
import { removeLeftovers } from './removeLeftovers.ts'

/**
 * An output folder that appears only when complete: files go into a staging folder beside the
 * target, which is renamed into place by `commit` and deleted by `abort`. OS errors (a full or
 * read-only disk) are thrown as they are, for the command to name its --out in
 * (explainWriteFailure).
 */
export type OutputDir =
  | {
      state: 'open'
      path: string
      staging: string
      file(name: string): string
      commit(): void
      abort(): void
    }
  | { state: 'committed'; path: string }
  | { state: 'aborted'; path: string }

export function createOutputDir(path: string): OutputDir & { state: 'open' } {
  if (existsSync(path) && readdirSync(path).length > 0) {
    throw new InputError(`output folder ${path} already exists and is not empty`, {
      hint: 'choose another --out, or delete it',
    })
  }
  makeFolder(dirname(path))
  // Staging folders of killed runs and merges are not output: they go before this one starts.
  removeLeftovers(path)
  const staging = join(dirname(path), `.${path.split('/').pop()}.partial-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging)
  let state: OutputDir['state'] = 'open'
  const dir = {
    get state() {
      return state
    },
    path,
    staging,
    file: (name: string) => join(staging, name),
    commit() {
      if (state !== 'open') return
      rmSync(path, { recursive: true, force: true })
      renameSync(staging, path)
      state = 'committed'
    },
    abort() {
      if (state !== 'open') return
      rmSync(staging, { recursive: true, force: true })
      state = 'aborted'
    },
  }
  return dir as OutputDir & { state: 'open' }
}
