import { readFile } from 'node:fs/promises'
import { ModelFileError } from '../../errors/index.ts'

/** A model file's bytes; a missing or unreadable file is a ModelFileError naming it. */
export async function readModelBytes(path: string, fieldPath?: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') {
      throw new ModelFileError(`model file not found: ${path}`, {
        file: path,
        fieldPath,
        hint: 'relative paths resolve against the current directory',
        cause,
      })
    }
    throw new ModelFileError(`cannot read model file: ${path}`, { file: path, fieldPath, cause })
  }
}
