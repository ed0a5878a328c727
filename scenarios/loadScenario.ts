import { closeSync, openSync, readSync } from 'node:fs'
import { type Document, LineCounter, parseDocument, visit } from 'yaml'
import type { z } from 'zod'
import { type ErrorPlace, InputError, ScenarioFieldError } from '../errors/index.ts'
import { checkScenario } from './checkScenario.ts'
import { checkSweep, type Locate } from './checkSweep.ts'
import { InvariantSyntaxError } from './invariants/errors.ts'
import { locateInvariantToken } from './invariants/locateInvariantToken.ts'
import { parseInvariant } from './invariants/parseInvariant.ts'
import { limits } from './limits.ts'
import { locateField } from './locateField.ts'
import { measureNesting } from './measureNesting.ts'
import { resolveFieldPath } from './resolveFieldPath.ts'
import { scenarioPlaces } from './scenarioPlaces.ts'
import { type Scenario, scenarioSchema } from './schema.ts'

export type LoadedScenario = {
  path: string
  scenario: Scenario
  /**
   * The scenario at one sweep point: the file's data with `params` (dotted paths) set, validated
   * and checked, without reading or parsing the file again; a bad value is reported at the line
   * of the sweep entry that gave it. The point keeps the file's `sweep` block.
   */
  at: (params: Record<string, unknown>) => Scenario
}

/** Field values by dotted path (`protocol.p`), applied over the file before validation. */
export type Overrides = Record<string, unknown>

type Source = { text: string; path: string; doc: Document; lines: LineCounter }
type Data = Record<string, unknown>

/**
 * Read, parse and validate a scenario file. Every failure in the file is a ScenarioFieldError
 * with its file, line, column and field path (its message `file:line:column: field: ...`, so an
 * editor can jump to it); a file that cannot be read is an InputError. Memory and
 * time are bounded whatever the file holds: its size, nesting and alias expansion are limited
 * (limits.ts) before anything grows with them.
 */
export type LoadOptions = {
  /**
   * Where an override was given, e.g. `(field, value) => \`--set ${field}=${value}\``: a bad
   * path or value of an overridden field is then reported there, not at a line of the file
   * that does not hold it. Without it, `FILE: override FIELD` and the field's line in the file.
   */
  overrideOrigin?: (field: string, value: unknown) => string
}

export function loadScenario(
  path: string,
  overrides: Overrides = {},
  options: LoadOptions = {},
): LoadedScenario {
  const loaded = oneLine(() => load(path, overrides, options))
  return { ...loaded, at: (params) => oneLine(() => loaded.at(params)) }
}

/** Where each override or sweep value came from, by dotted field path. */
type Origins = Record<string, ErrorPlace>

function load(path: string, overrides: Overrides, options: LoadOptions): LoadedScenario {
  const text = readScenarioText(path)
  const source = parseSource(text, path)
  const given = originsOf(path, overrides, options)
  const data = applyParams(readData(source), overrides, (field) => given.paths[field] ?? { origin: field })
  const scenario = validate(source, data, given.values, false)
  const sections = { ...data, sweep: undefined }
  return {
    path,
    scenario,
    at: (params) => {
      const origins: Origins = { ...given.values }
      for (const [field, value] of Object.entries(params)) {
        const entry = locateSweepEntry(source, field)
        origins[field] = { ...entry, origin: `${entry.origin} = ${JSON.stringify(value) ?? String(value)}` }
      }
      const point = validate(
        source,
        applyParams(sections, params, (f) => origins[f] ?? { origin: f }),
        origins,
        true,
      )
      point.sweep = scenario.sweep
      return point
    },
  }
}

export function parseScenario(
  text: string,
  path: string,
  overrides: Overrides = {},
  options: LoadOptions = {},
): Scenario {
  return oneLine(() => parse(text, path, overrides, options))
}

function parse(text: string, path: string, overrides: Overrides, options: LoadOptions): Scenario {
  if (text.length > limits.maxFileBytes) throw tooLarge(path, text.length)
  const source = parseSource(text, path)
  const given = originsOf(path, overrides, options)
  const data = applyParams(readData(source), overrides, (field) => given.paths[field] ?? { origin: field })
  return validate(source, data, given.values, false)
}

/**
 * Errors quote what the file says (keys, paths, values), which may hold line breaks or control
 * characters; escaped, every error stays the one line the CLI and an editor expect.
 */
function oneLine<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const quote = (s: string) =>
      [...s]
        .map((c) => {
          const code = c.charCodeAt(0)
          if (c === '\n') return '\\n'
          if (c === '\t') return '\\t'
          return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029
            ? `\\u${code.toString(16).padStart(4, '0')}`
            : c
        })
        .join('')
    if (quote(error.message) === error.message) throw error
    const hint = error.hint === undefined ? undefined : quote(error.hint)
    const cause = error.cause
    if (!(error instanceof ScenarioFieldError)) throw new InputError(quote(error.reason), { hint, cause })
    const { file, line, column, origin, fieldPath, given } = error
    const maybe = (s: string | undefined) => (s === undefined ? undefined : quote(s))
    throw new ScenarioFieldError(quote(error.reason), {
      file: maybe(file),
      line,
      column,
      origin: maybe(origin),
      fieldPath: maybe(fieldPath),
      given: given?.map(quote),
      hint,
      cause,
      reasonNamesField: fieldPath !== undefined && error.place.fieldPath === undefined,
    })
  }
}

/** Where each override's path (for a path error) and value (for a value error) is reported. */
function originsOf(path: string, overrides: Overrides, options: LoadOptions) {
  const paths: Origins = {}
  const values: Origins = {}
  for (const [field, value] of Object.entries(overrides)) {
    const origin = options.overrideOrigin?.(field, value)
    paths[field] = origin === undefined ? { file: path, origin: `override ${field}` } : { origin }
    if (origin !== undefined) values[field] = { origin }
  }
  return { paths, values }
}

function readScenarioText(path: string): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      code === 'ENOENT' ? `scenario file not found: ${path}` : `cannot read scenario file ${path}: ${code}`,
      { hint: 'pass the path of a .yaml scenario, e.g. scenarios/quickstart.yaml' },
    )
  }
  try {
    // Read at most one byte past the limit, so a huge file (or /dev/zero) costs no memory.
    const buffer = Buffer.alloc(limits.maxFileBytes + 1)
    let size = 0
    for (;;) {
      const n = readSync(fd, buffer, size, buffer.length - size, null)
      if (n === 0) break
      size += n
      if (size > limits.maxFileBytes) throw tooLarge(path, size)
    }
    return buffer.toString('utf8', 0, size)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read scenario file ${path}: ${(error as NodeJS.ErrnoException).code}`)
  } finally {
    closeSync(fd)
  }
}

const tooLarge = (path: string, bytes: number) =>
  new ScenarioFieldError(
    `${bytes > limits.maxFileBytes ? 'more than' : ''} ${limits.maxFileBytes / 1024 ** 2} MiB is too large for a scenario file`,
    {
      file: path,
      hint: 'a scenario is a few kilobytes; generate large sweeps with ranges (sweep.random) instead of lists',
    },
  )

function parseSource(text: string, path: string): Source {
  // The parser recurses per level: a document deeper than any scenario is refused before it
  // can overflow the stack.
  const nesting = measureNesting(text, limits.maxDepth)
  if (nesting) {
    throw new ScenarioFieldError(`nesting deeper than ${limits.maxDepth} levels`, {
      file: path,
      line: nesting.line,
      column: nesting.column,
      hint: 'a scenario is a few levels deep; check the indentation and the brackets',
    })
  }
  const lines = new LineCounter()
  let doc: Document
  try {
    // logLevel error: yaml's warnings (a mapping used as a key, an unknown tag) would print
    // to stderr beside the one line; what they warn of is refused by the schema anyway.
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      logLevel: 'error',
    })
  } catch (error) {
    if (error instanceof RangeError)
      throw new ScenarioFieldError('YAML nesting too deep to parse', { file: path })
    throw error
  }
  const syntax = doc.errors[0]
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0])
    const reason = syntax.message.split('\n')[0]
    throw new ScenarioFieldError(`YAML syntax error: ${reason}`, { file: path, line, column: col })
  }
  return { text, path, doc, lines }
}

function readData(source: Source): Data {
  const { doc, path, lines } = source
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount }) ?? {}
  } catch (error) {
    // yaml throws a ReferenceError for an alias with no anchor before it and for alias
    // expansion past maxAliasCount (a "billion laughs" document), and a RangeError when the
    // stack runs out: all three are what the file says, not a fault of verisim.
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error
    const alias = firstAlias(doc, error.message)
    const at = alias === undefined ? undefined : lines.linePos(alias)
    const reason = /Unresolved alias/.test(error.message)
      ? `alias ${error.message.split(': ').at(-1)} has no anchor before it`
      : /alias/i.test(error.message)
        ? `aliases expand to too many values (more than ${limits.maxAliasCount} alias expansions)`
        : 'the document is nested too deeply'
    throw new ScenarioFieldError(`YAML error: ${reason}`, {
      file: path,
      line: at?.line,
      column: at?.col,
      hint: 'write the values out, or define each &anchor before its *alias',
    })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ScenarioFieldError(
      `a scenario must be a YAML mapping of fields, got ${Array.isArray(data) ? 'a list' : typeof data}`,
      { file: path, line: 1, column: 1 },
    )
  }
  return data as Data
}

/** The offset of the first alias (the first `*name` for an unresolved one), if any. */
function firstAlias(doc: Document, message: string): number | undefined {
  const name = /Unresolved alias.*: (.*)$/.exec(message)?.[1]
  let found: number | undefined
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined
      found = node.range?.[0]
      return visit.BREAK
    },
  })
  return found
}

/**
 * The data with each dotted path set, copying only the sections on the way (the file's data is
 * shared by every sweep point). Paths are checked against the schema first, so no key can
 * reach Object.prototype.
 */
function applyParams(data: Data, params: Overrides, where: (field: string) => ErrorPlace): Data {
  let result = data
  for (const [field, value] of Object.entries(params)) {
    const keys = resolveFieldPath(field, where(field))
    result = setIn(result, keys, value, () => where(field))
  }
  return result
}

function setIn(node: Data, keys: string[], value: unknown, where: () => ErrorPlace): Data {
  const [key, ...rest] = keys as [string, ...string[]]
  const copy: Data = { ...node }
  if (rest.length === 0) {
    copy[key] = value
    return copy
  }
  const next = Object.hasOwn(node, key) ? node[key] : undefined
  // Only an index is all digits (a name starts with a letter or _).
  if ((next === undefined || next === null) && /^\d+$/.test(rest[0] as string))
    throw new ScenarioFieldError(`${key} is not written in this file, so it has no entry ${rest[0]}`, {
      ...where(),
      hint: `write the ${key} list in the file to vary its entries`,
    })
  copy[key] = Array.isArray(next)
    ? setInList(next, keys, rest, value, where)
    : setIn(sectionOf(next, key, where), rest, value, where)
  return copy
}

/**
 * Set an entry of a list the file writes (`demand.providers.0.price`): resolveFieldPath has
 * checked the key is an index; it must name an entry the list has, since a new entry would hold
 * only the one field.
 */
function setInList(
  list: unknown[],
  keys: string[],
  rest: string[],
  value: unknown,
  where: () => ErrorPlace,
): unknown[] {
  const [index, ...inner] = rest as [string, ...string[]]
  const at = Number(index)
  if (at >= list.length)
    throw new ScenarioFieldError(
      `${keys[0]} has ${list.length} entr${list.length === 1 ? 'y' : 'ies'} in this file, so there is no entry ${index}`,
      { ...where(), hint: `use an index from 0 to ${list.length - 1}, or write the entry in the file` },
    )
  const copy = [...list]
  copy[at] = inner.length === 0 ? value : setIn(sectionOf(list[at], index, where), inner, value, where)
  return copy
}

function sectionOf(next: unknown, key: string, where: () => ErrorPlace): Data {
  if (next !== undefined && next !== null && (typeof next !== 'object' || Array.isArray(next))) {
    throw new ScenarioFieldError(
      `${key} is not a section in this file (it is ${JSON.stringify(next)})`,
      where(),
    )
  }
  return (next ?? {}) as Data
}

/**
 * Validate the data, run the cross-field and sweep checks and parse invariants. An issue on a
 * field a sweep point or an override set is placed where that value was given (`origins`),
 * any other where the field is written, with the values given alongside.
 */
function validate(source: Source, data: Data, origins: Origins, point: boolean): Scenario {
  const { path, doc, lines, text } = source
  const at: Locate = (keys, key) => {
    const dotted = [...keys, ...(key === undefined ? [] : [key])].join('.')
    const origin = Object.keys(origins).find((f) => dotted === f || dotted.startsWith(`${f}.`))
    if (origin !== undefined) return origins[origin] as ErrorPlace
    const { line, column } = locateField(doc, lines, keys, key)
    const given = Object.values(origins).flatMap((o) => (o.origin === undefined ? [] : [o.origin]))
    return { file: path, line, column, ...(given.length ? { given } : {}) }
  }
  // The schema fills in a default model, so only the file itself tells whether it wrote one.
  if (data.catalog !== undefined && data.model !== undefined)
    throw new ScenarioFieldError('model and catalog are both given; a catalog replaces the one model', {
      ...at(['model']),
      fieldPath: 'model',
      hint: 'drop model: and list every model under catalog.models (the first stands for it)',
    })
  const result = scenarioSchema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue
    const more = result.error.issues.length - 1
    const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''
    const { place, reason, reasonNamesField } = describeIssue(issue, at)
    throw new ScenarioFieldError(`${reason}${suffix}`, { ...place, reasonNamesField })
  }
  const scenario = result.data
  const cross = checkScenario(scenario)
  if (cross) {
    throw new ScenarioFieldError(cross.message, {
      ...at(cross.path),
      fieldPath: cross.path.join('.'),
      hint: cross.hint,
    })
  }
  // A point keeps the file's sweep block, which was checked with the file.
  if (scenario.sweep && !point) checkSweep(scenario.sweep, at)
  // Invariants are parsed now, so a typo is reported with its line before anything runs.
  for (const [name, expression] of Object.entries(scenario.invariants ?? {})) {
    try {
      parseInvariant(expression)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      const token =
        error instanceof InvariantSyntaxError ? locateInvariantToken(text, name, error.at) : undefined
      const place = token ? { file: path, line: token.line, column: token.column } : at(['invariants', name])
      throw new ScenarioFieldError(error.reason, {
        ...place,
        fieldPath: `invariants.${name}`,
        hint: error.hint,
        cause: error,
      })
    }
  }
  scenarioPlaces.set(scenario, at)
  return scenario
}

function describeIssue(
  issue: z.core.$ZodIssue,
  at: Locate,
): { place: ErrorPlace; reason: string; reasonNamesField?: boolean } {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
  const field = (keys: (string | number)[]) => (keys.length ? keys.join('.') : '(top level)')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    const dotted = field([...path, key])
    return {
      place: { ...at(path, key), fieldPath: dotted },
      reason: `unknown field ${dotted}: check its spelling; \`verisim schema\` lists every field`,
      reasonNamesField: true,
    }
  }
  // A map key (a segment or invariant name) that is not a name: say what a name is.
  const reason = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message
  return { place: { ...at(path), fieldPath: field(path) }, reason }
}

/** Where a sweep path is written: its key under sweep.grid, sweep.zip or sweep.random.ranges. */
function locateSweepEntry(source: Source, field: string): ErrorPlace & { origin: string } {
  const { doc, lines, path } = source
  for (const design of [
    ['sweep', 'grid'],
    ['sweep', 'zip'],
    ['sweep', 'random', 'ranges'],
  ]) {
    const located = locateField(doc, lines, design, field)
    const parent = locateField(doc, lines, design)
    if (located.line !== parent.line || located.column !== parent.column)
      return { file: path, ...located, origin: `${design.join('.')}.${field}` }
  }
  return { file: path, origin: field }
}
