import { readFileSync } from 'node:fs'
import { BaseError } from '../errors/index.ts'
import type { SweepRecord } from './writeRunFolder.ts'

/** A finished run's record from runs/ of a sweep folder. */
export function readRecord(path: string): SweepRecord {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SweepRecord
  } catch (cause) {
    throw new BaseError(`cannot read finished run ${path}`, {
      cause,
      hint: 'delete it to run that point again',
    })
  }
}
