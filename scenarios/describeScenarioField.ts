import { z } from 'zod'

/** What a dotted field path holds: a whole number, any number, something else, or nothing. */
export type FieldKind = 'integer' | 'number' | 'other' | 'unknown'

/**
 * The kind of value the scenario schema accepts at `path` (`protocol.k`), read from the zod
 * schema itself so `verisim tune` knows a field takes whole numbers before it runs anything,
 * instead of failing mid-search on 2.5. Defaults, optionals and transforms are looked through; a
 * union (a number or `calibrated`) is a number when any option is, and an integer only when
 * every numeric option is.
 */
export function describeScenarioField(schema: z.ZodType, path: string): FieldKind {
  // Each model shape has its own `cheats`: `model.cheats.substitute.width` is a decoder's, so
  // every shape that has a key is followed, not the first.
  let nodes: z.ZodType[] = [schema]
  for (const key of path.split('.')) {
    nodes = nodes.flatMap((node) => fieldsOf(node, key))
    if (nodes.length === 0) return 'unknown'
  }
  const kinds = nodes.map(kindOf)
  if (kinds.includes('number')) return 'number'
  return kinds.includes('integer') ? 'integer' : 'other'
}

/**
 * The schemas of field `key` of an object (or of every object option of a union: `model.width`
 * is a field of the built-in model shapes), or of an entry of a list or map. Own fields only: `__proto__`, `constructor` and
 * `toString` are not scenario fields, whatever a plain object's prototype holds.
 */
function fieldsOf(node: z.ZodType, key: string): z.ZodType[] {
  const inner = unwrap(node)
  if (inner instanceof z.ZodObject)
    return Object.hasOwn(inner.shape, key) ? [inner.shape[key] as z.ZodType] : []
  // A list's entry by index (`demand.providers.0`), a map's by name (`demand.segments.production`).
  if (inner instanceof z.ZodArray) return /^\d+$/.test(key) ? [inner.element as z.ZodType] : []
  if (inner instanceof z.ZodRecord)
    return /^[A-Za-z_][\w-]*$/.test(key) && !(key in Object.prototype) ? [inner.valueType as z.ZodType] : []
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).flatMap((o) => fieldsOf(o, key))
  return []
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node
  for (;;) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault)
      current = current.unwrap() as z.ZodType
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap() as z.ZodType
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType
    else return current
  }
}

function kindOf(node: z.ZodType): FieldKind {
  const inner = unwrap(node)
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'integer' : 'number'
  if (inner instanceof z.ZodUnion) {
    const kinds = (inner.options as z.ZodType[]).map(kindOf).filter((k) => k === 'integer' || k === 'number')
    if (kinds.length === 0) return 'other'
    return kinds.every((k) => k === 'integer') ? 'integer' : 'number'
  }
  return 'other'
}
