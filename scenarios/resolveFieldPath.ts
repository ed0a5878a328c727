import { z } from 'zod'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import { findClosestName } from './invariants/findClosestName.ts'
import { scenarioSchema } from './schema.ts'

let known: Set<string> | undefined

/**
 * The keys of a dotted field path (`protocol.p`) that sweeps, `--set` and tune may change, or a
 * ScenarioFieldError when the path names no field of the schema. Paths are checked against the schema,
 * not against a scenario object, so `__proto__`, `constructor` and the like are never fields and
 * setting a path can never walk into Object.prototype. `where` says where the path was written
 * (file, line and column with the field `sweep.grid`, or a string such as `--set protocol.pp=1`,
 * the origin), and the error names the closest real field.
 */
export function resolveFieldPath(path: string, where: ErrorPlace | string): string[] {
  known ??= new Set(listFieldPaths(scenarioSchema, ''))
  if (known.has(path)) return path.split('.')
  const closest = findClosestName(path, known)
  const place = typeof where === 'string' ? { origin: where } : where
  throw new ScenarioFieldError(`${JSON.stringify(path)} names no field of the scenario`, {
    ...place,
    hint: closest
      ? `did you mean ${closest}? \`verisim schema\` lists every field`
      : 'use a dotted path such as protocol.p or model.width; `verisim schema` lists every field',
  })
}

/** Every section and field path; lists and maps (hardware, invariants) are set whole. */
function listFieldPaths(schema: z.ZodType, prefix: string): string[] {
  const paths: string[] = []
  for (const object of objectsOf(schema)) {
    for (const [key, child] of Object.entries(object.shape)) {
      const path = prefix ? `${prefix}.${key}` : key
      paths.push(path, ...listFieldPaths(child as z.ZodType, path))
    }
  }
  return [...new Set(paths)]
}

/** The object schemas a field may hold: one for a section, several for a union (the model). */
function objectsOf(schema: z.ZodType): z.ZodObject[] {
  let node = schema
  for (;;) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodPrefault) node = node.unwrap() as z.ZodType
    else if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType
    else if (node instanceof z.ZodPipe) node = node.in as z.ZodType
    else break
  }
  if (node instanceof z.ZodObject) return [node]
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap(objectsOf)
  return []
}
