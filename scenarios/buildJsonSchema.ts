import { z } from 'zod'
import { scenarioSchema } from './schema.ts'

/** Where the schema is published beside the scenarios (scenarios/verisim.schema.json). */
export const schemaId = 'urn:verisim:scenario-schema'

/**
 * The scenario format as JSON Schema (draft 2020-12), for editors: `$schema`, `$id`, and a
 * `title` and `description` on every field so hover docs work. Descriptions come from the zod
 * schema (`.describe`); titles are the field names spelled out (`challengeWindow` → "Challenge
 * window"), since the description already says what a field means.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>
  addTitles(schema, 'Verisim scenario')
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaId,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  }
}

function addTitles(node: unknown, title: string): void {
  if (!node || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const item of node) addTitles(item, title)
    return
  }
  const schema = node as Record<string, unknown>
  const typed = ['type', 'anyOf', 'oneOf', 'enum', 'const'].some((key) => key in schema)
  if (typed && !schema.title) schema.title = title
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) addTitles(child, spellOut(name))
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'items' || key === 'prefixItems') {
      addTitles(value, title)
    } else if (key === 'additionalProperties') {
      addTitles(value, `${title} entry`)
    }
  }
}

/** `challengeWindow` → "Challenge window", `p` → "P", `fp16Weights` → "Fp16 weights". */
function spellOut(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
