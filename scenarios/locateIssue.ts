import { type Document, isMap, isScalar, type LineCounter, type Node } from 'yaml'

type PathKey = string | number

/**
 * The 1-based line of the YAML node at `path`, or of its deepest existing ancestor when the
 * field is missing (a missing field is best reported where its parent is written).
 */
export function locateIssue(
  doc: Document,
  lines: LineCounter,
  path: readonly PathKey[],
  key?: string,
): number {
  let line = 1
  let node: unknown = doc.contents
  const lineOf = (n: unknown) => {
    const range = (n as Node | null)?.range
    return range ? lines.linePos(range[0]).line : undefined
  }
  line = lineOf(node) ?? line
  for (const step of key === undefined ? path : [...path, key]) {
    if (!node || typeof node !== 'object' || !('items' in node)) break
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(step))
      if (!pair) break
      line = lineOf(pair.key) ?? line
      node = pair.value
    } else {
      const items = (node as { items: unknown[] }).items
      node = items[Number(step)]
      line = lineOf(node) ?? line
    }
  }
  return line
}
