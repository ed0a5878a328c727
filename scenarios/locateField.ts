import { type Document, isMap, isScalar, type LineCounter, type Node } from 'yaml'

type PathKey = string | number

/** A 1-based position in a scenario file. */
export type Location = { line: number; column: number }

/**
 * Where the YAML node at `path` is written (its key, for a mapping entry), or its deepest
 * existing ancestor when the field is missing (a missing field is best reported where its
 * parent is written).
 */
export function locateField(
  doc: Document,
  lines: LineCounter,
  path: readonly PathKey[],
  key?: string,
): Location {
  let at: Location = { line: 1, column: 1 }
  let node: unknown = doc.contents
  const positionOf = (n: unknown): Location | undefined => {
    const range = (n as Node | null)?.range
    if (!range) return undefined
    const { line, col } = lines.linePos(range[0])
    return { line, column: col }
  }
  at = positionOf(node) ?? at
  for (const step of key === undefined ? path : [...path, key]) {
    if (!node || typeof node !== 'object' || !('items' in node)) break
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(step))
      if (!pair) break
      at = positionOf(pair.key) ?? at
      node = pair.value
    } else {
      const items = (node as { items: unknown[] }).items
      node = items[Number(step)]
      at = positionOf(node) ?? at
    }
  }
  return at
}
