import { z } from 'zod'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import { findClosestName } from './invariants/findClosestName.ts'
import { scenarioSchema } from './schema.ts'

let known: Set<string> | undefined

/** How the list of known paths spells a list index and a map entry's name. */
const INDEX = '<index>'
const NAME = '<name>'
/** A list index as a path writes it: no sign, no leading zero, below a million. */
const index = /^(0|[1-9]\d{0,5})$/
const name = /^[A-Za-z_][\w-]*$/

/**
 * The keys of a dotted field path (`protocol.p`) that sweeps, `--set` and tune may change, or a
 * ScenarioFieldError when the path names no field of the schema. An entry of a list of sections
 * is named by its index (`demand.providers.0.price`), an entry of a map of sections by its name
 * (`demand.segments.production.share`). Paths are checked against the schema, not against a
 * scenario object, and a name may not be one every object has, so `__proto__`, `constructor`
 * and the like are never fields and setting a path can never walk into Object.prototype. `where`
 * says where the path was written (file, line and column with the field `sweep.grid`, or a
 * string such as `--set protocol.pp=1`, the origin), and the error names the closest real field.
 */
export function resolveFieldPath(path: string, where: ErrorPlace | string): string[] {
  known ??= new Set(listFieldPaths(scenarioSchema, ''))
  const keys = path.split('.')
  const spelled: string[] = []
  for (const key of keys) spelled.push(spell(known, spelled, key))
  if (known.has(spelled.join('.'))) return keys
  // Suggest with the path's own indices and names in the placeholders' places.
  const candidates = [...known].map((k) =>
    k
      .split('.')
      .map((key, i) => ((key === INDEX || key === NAME) && keys[i] !== undefined ? keys[i] : key))
      .join('.'),
  )
  const closest = findClosestName(path, candidates)
  const place = typeof where === 'string' ? { origin: where } : where
  throw new ScenarioFieldError(`${JSON.stringify(path)} names no field of the scenario`, {
    ...place,
    hint: closest
      ? `did you mean ${closest}? \`verisim schema\` lists every field`
      : 'use a dotted path such as protocol.p or model.width; `verisim schema` lists every field',
  })
}

/** The key as the known paths spell it after `prefix`: itself, an index or a name placeholder. */
function spell(known: Set<string>, prefix: string[], key: string): string {
  const has = (k: string) => known.has([...prefix, k].join('.'))
  // The placeholders themselves are never keys of a scenario.
  if (key === INDEX || key === NAME) return '\0'
  if (has(key)) return key
  if (index.test(key) && has(INDEX)) return INDEX
  if (name.test(key) && !(key in Object.prototype) && key !== '__proto__' && has(NAME)) return NAME
  return key
}

/**
 * Every section and field path, with `<index>` for a list of sections' entries and `<name>` for a
 * map of sections' entries; lists of values and maps of values (invariants) are set whole.
 */
function listFieldPaths(schema: z.ZodType, prefix: string): string[] {
  const paths: string[] = []
  const inner = unwrap(schema)
  const entries =
    inner instanceof z.ZodArray
      ? [[INDEX, inner.element as z.ZodType] as const]
      : inner instanceof z.ZodRecord
        ? [[NAME, inner.valueType as z.ZodType] as const]
        : []
  for (const [key, element] of entries) {
    if (objectsOf(element).length === 0) continue
    const path = `${prefix}.${key}`
    paths.push(path, ...listFieldPaths(element, path))
  }
  for (const object of objectsOf(schema)) {
    for (const [key, child] of Object.entries(object.shape)) {
      const path = prefix ? `${prefix}.${key}` : key
      paths.push(path, ...listFieldPaths(child as z.ZodType, path))
    }
  }
  return [...new Set(paths)]
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema
  for (;;) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodPrefault) node = node.unwrap() as z.ZodType
    else if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType
    else if (node instanceof z.ZodPipe) node = node.in as z.ZodType
    else return node
  }
}

/** The object schemas a field may hold: one for a section, several for a union (the model). */
function objectsOf(schema: z.ZodType): z.ZodObject[] {
  const node = unwrap(schema)
  if (node instanceof z.ZodObject) return [node]
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap(objectsOf)
  return []
}
