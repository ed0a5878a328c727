import { buildJsonSchema } from '../scenarios/index.ts'

/** `verisim schema`: the scenario format as JSON Schema, for editors' completion, checks and hover docs. */
export function schemaCommand(): void {
  process.stdout.write(`${JSON.stringify(buildJsonSchema(), null, 2)}\n`)
}
