import type { Document, LineCounter } from 'yaml'
import { locateField } from './locateField.ts'

/**
 * The 1-based line of the YAML node at `path`, or of its deepest existing ancestor when the
 * field is missing (see locateField, which gives the column too).
 */
export function locateIssue(
  doc: Document,
  lines: LineCounter,
  path: readonly (string | number)[],
  key?: string,
): number {
  return locateField(doc, lines, path, key).line
}
