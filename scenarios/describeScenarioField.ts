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
  let node: z.ZodType | undefined = schema
  for (const key of path.split('.')) {
    node = fieldOf(node, key)
    if (!node) return 'unknown'
  }
  return kindOf(node)
}

/**
 * The schema of field `key` of an object (or of any object option of a union: `model.width` is
 * a field of the built-in model shapes). Own fields only: `__proto__`, `constructor` and
 * `toString` are not scenario fields, whatever a plain object's prototype holds.
 */
function fieldOf(node: z.ZodType | undefined, key: string): z.ZodType | undefined {
  if (!node) return undefined
  const inner = unwrap(node)
  if (inner instanceof z.ZodObject)
    return Object.hasOwn(inner.shape, key) ? (inner.shape[key] as z.ZodType) : undefined
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as z.ZodType[]) {
      const field = fieldOf(option, key)
      if (field) return field
    }
  }
  return undefined
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
