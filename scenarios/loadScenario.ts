import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { InputError } from '../sim/errors.ts'
import { InvariantSyntaxError } from './invariants/errors.ts'
import { locateInvariantToken } from './invariants/locateInvariantToken.ts'
import { parseInvariant } from './invariants/parseInvariant.ts'
import { locateIssue } from './locateIssue.ts'
import { type Scenario, scenarioSchema } from './schema.ts'

export type LoadedScenario = { path: string; scenario: Scenario }

/**
 * Read, parse and validate a scenario file. Every failure is an InputError whose message starts
 * with `file:line:` and names the field path, so an editor can jump to it.
 */
export function loadScenario(path: string, overrides: Overrides = {}): LoadedScenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      code === 'ENOENT' ? `scenario file not found: ${path}` : `cannot read scenario file ${path}: ${code}`,
      { hint: 'pass the path of a .yaml scenario, e.g. scenarios/quickstart.yaml' },
    )
  }
  return { path, scenario: parseScenario(text, path, overrides) }
}

/** Field values by dotted path (`protocol.p`), applied over the file before validation. */
export type Overrides = Record<string, unknown>

export function parseScenario(text: string, path: string, overrides: Overrides = {}): Scenario {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const syntax = doc.errors[0]
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0])
    const reason = syntax.message.split('\n')[0]
    throw new InputError(`${path}:${line}:${col}: YAML syntax error: ${reason}`)
  }
  const data = doc.toJS() ?? {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(
      `${path}:1: a scenario must be a YAML mapping of fields, got ${Array.isArray(data) ? 'a list' : typeof data}`,
    )
  }
  for (const [field, value] of Object.entries(overrides))
    setPath(data as Record<string, unknown>, field, value)
  const result = scenarioSchema.safeParse(data)
  if (result.success) {
    // Invariants are parsed now, so a typo is reported with its line before anything runs.
    for (const [name, expression] of Object.entries(result.data.invariants ?? {})) {
      try {
        parseInvariant(expression)
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        const token =
          error instanceof InvariantSyntaxError ? locateInvariantToken(text, name, error.at) : undefined
        const where = token
          ? `${token.line}:${token.column}`
          : String(locateIssue(doc, lines, ['invariants', name]))
        throw new InputError(
          `${path}:${where}: invariants.${name}: ${error.shortMessage}`,
          error.hint ? { hint: error.hint } : {},
        )
      }
    }
    return result.data
  }
  const issue = result.error.issues[0] as z.core.$ZodIssue
  const more = result.error.issues.length - 1
  const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''
  throw new InputError(`${path}:${describeIssue(issue, (p, k) => locateIssue(doc, lines, p, k))}${suffix}`)
}

function describeIssue(
  issue: z.core.$ZodIssue,
  lineOf: (path: (string | number)[], key?: string) => number,
): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
  const field = (keys: (string | number)[]) => (keys.length ? keys.join('.') : '(top level)')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    return `${lineOf(path, key)}: unknown field ${field([...path, key])}: check its spelling; \`verisim schema\` lists every field`
  }
  return `${lineOf(path)}: ${field(path)}: ${issue.message}`
}

function setPath(target: Record<string, unknown>, field: string, value: unknown): void {
  const keys = field.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    if (next === undefined || next === null) node[key] = {}
    else if (typeof next !== 'object' || Array.isArray(next)) {
      throw new InputError(`override ${field}: ${key} is not a section of the scenario`)
    }
    node = node[key] as Record<string, unknown>
  }
  node[keys.at(-1) as string] = value
}
