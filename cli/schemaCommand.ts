import { z } from 'zod'
import { scenarioSchema } from '../scenarios/index.ts'

/** `verisim schema`: the scenario format as JSON Schema, for editors' completion and checks. */
export function schemaCommand(): void {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input' })
  process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`)
}
