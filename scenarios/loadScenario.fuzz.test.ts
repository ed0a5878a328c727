import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { BaseError } from '../errors/index.ts'
import { buildJsonSchema } from './buildJsonSchema.ts'
import { expandSweep } from './expandSweep.ts'
import { marketScenario } from './fixtures/demandScenarios.ts'
import { loadScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'

/**
 * Generated and mutated scenario documents through the loader: every outcome must be a valid
 * scenario or an input error (exit 2, one line), never another exception, and the process must
 * stay within a memory bound. Seeded, so a failure is reproduced by its seed and index; bounded
 * by a document count and, on a slow machine, by time.
 */
// VERISIM_FUZZ_SEED explores other documents; the default keeps CI deterministic.
const SEED = process.env.VERISIM_FUZZ_SEED ?? 'verisim/fuzz/1'
const MAX_DOCUMENTS = 3000
const MAX_MILLISECONDS = 20_000

const bases = [
  'scenarios/quickstart.yaml',
  'scenarios/library/bisection.yaml',
  'scenarios/library/overhead-vs-model-size.yaml',
  'scenarios/library/safety/sampling-deters-cheating.yaml',
]
  .map((f) => readFileSync(f, 'utf8'))
  .concat(
    // A decoder scenario with every generation section (issue 15).
    [
      'model: { builtin: decoder, width: 32, heads: 2, blocks: 2, context: 96 }',
      'workload: { prompt: { uniform: [4, 16] }, outputTokens: 64, sampling: sample, temperature: 0.7, chunkSize: 16 }',
      'hosts: { behaviours: { lazy: 0.5, honest: 0.5 }, variant: kv8 }',
      'protocol: { mode: sampling, p: 0.5, detection: { alpha: 0.01 } }',
      'economics: { generationCost: { hardware: rtx-4090, decoder: Llama-2-7B } }',
      '',
    ].join('\n'),
    // A market with every section of issue 16.
    marketScenario(),
  )

/** Every field path of the schema, from the JSON schema `verisim schema` prints. */
function fieldPaths(): string[] {
  const paths: string[] = []
  const walk = (node: unknown, prefix: string): void => {
    if (!node || typeof node !== 'object') return
    const n = node as Record<string, unknown>
    for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) {
      paths.push(`${prefix}${key}`)
      walk(child, `${prefix}${key}.`)
    }
    for (const option of [...((n.anyOf ?? []) as unknown[]), ...((n.oneOf ?? []) as unknown[])])
      walk(option, prefix)
  }
  walk(buildJsonSchema(), '')
  return paths
}

const tokens = [
  '&a ',
  '*a',
  '*b',
  '<<: *a',
  '[',
  ']',
  '{',
  '}',
  ': ',
  '- ',
  '? ',
  '|',
  '>',
  '"',
  "'",
  '#',
  '\t',
  '\0',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.toString',
  '1e309',
  '-1e309',
  '.inf',
  '.nan',
  '-0',
  '9007199254740993',
  '1e-10',
  '4e-7',
  'null',
  '~',
  'true',
  '!!binary aGVsbG8=',
  '!!set',
  '!!omap',
  '!!float',
  '!custom',
  '%YAML 1.1\n---\n',
  '---\n',
  '...\n',
  '0x10',
  '0o17',
  '2001-12-14',
  '\uFEFF',
  '\u2028',
  'sweep:\n  grid:\n    __proto__.x: [1]\n',
  'sweep:\n  random:\n    samples: 100000\n    ranges: { protocol.p: [1, 0] }\n',
]

type Random = () => number

function pick<T>(rng: Random, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T
}

function randomValue(rng: Random, depth = 0): unknown {
  switch (Math.floor(rng() * 12)) {
    case 0:
      return pick(rng, [0, -1, 1, 0.5, 1e-7, 1e-9, 4e-10, 1e15, 1e16, 1e308, 2 ** 53 + 2, -0, 3.7])
    case 1:
      return Math.floor(rng() * 2 ** 31) * (rng() < 0.5 ? 1 : 1e6)
    case 2:
      return pick(rng, [
        'calibrated',
        'mlp',
        'transformer',
        'decoder',
        'optimistic',
        '',
        'x'.repeat(200),
        '__proto__',
      ])
    case 3:
      return rng() < 0.5
    case 4:
      return null
    case 5:
      return depth > 4 ? [] : Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1))
    case 6:
      return depth > 4
        ? {}
        : Object.fromEntries(
            Array.from({ length: Math.floor(rng() * 3) }, () => [
              pick(rng, ['a', 'min', 'max', 'file', 'builtin', '__proto__', 'constructor']),
              randomValue(rng, depth + 1),
            ]),
          )
    default:
      return rng() * 10 ** Math.floor(rng() * 8 - 3)
  }
}

/** A document built from real field paths with random (often wrong) values, sweeps and aliases. */
function generate(rng: Random, paths: string[]): string {
  const doc: Record<string, unknown> = {}
  for (let i = Math.floor(rng() * 8); i > 0; i--) {
    const keys = pick(rng, paths).split('.')
    let node = doc
    for (const key of keys.slice(0, -1)) {
      const next = Object.hasOwn(node, key) ? node[key] : undefined
      if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {}
      node = node[key] as Record<string, unknown>
    }
    Object.defineProperty(node, keys.at(-1) as string, {
      value: randomValue(rng),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  if (rng() < 0.3) {
    const design = pick(rng, ['grid', 'zip', 'random'])
    const sweepPaths = Array.from({ length: 1 + Math.floor(rng() * 3) }, () =>
      rng() < 0.2
        ? pick(rng, ['__proto__.toString', 'constructor.prototype.x', 'sweep.replicates'])
        : pick(rng, paths),
    )
    const lists = Object.fromEntries(
      sweepPaths.map((p) => [
        p,
        design === 'random'
          ? pick(rng, [[0, 1], [1, 0], { min: 1, max: 100, integer: true }, { min: 0, max: 1, log: true }])
          : Array.from({ length: 1 + Math.floor(rng() * 4) }, () => randomValue(rng)),
      ]),
    )
    doc.sweep =
      design === 'random'
        ? { random: { samples: pick(rng, [1, 3, 100001]), ranges: lists } }
        : { [design]: lists, replicates: pick(rng, [1, 2, 10_000]) }
  }
  return stringify(doc)
}

/** A document edited at random: deleted ranges, inserted tokens, repeated or reindented lines. */
function mutate(rng: Random, text: string): string {
  let result = text
  for (let i = 1 + Math.floor(rng() * 4); i > 0; i--) {
    const at = Math.floor(rng() * (result.length + 1))
    switch (Math.floor(rng() * 6)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + Math.floor(rng() * 20))
        break
      case 1:
      case 2:
        result = result.slice(0, at) + pick(rng, tokens) + result.slice(at)
        break
      case 3: {
        const lines = result.split('\n')
        const line = Math.floor(rng() * lines.length)
        lines.splice(line, 0, ...Array.from({ length: 1 + Math.floor(rng() * 3) }, () => lines[line] ?? ''))
        result = lines.join('\n')
        break
      }
      case 4: {
        const lines = result.split('\n')
        const line = Math.floor(rng() * lines.length)
        lines[line] = ' '.repeat(Math.floor(rng() * 6)) + (lines[line] ?? '').trimStart()
        result = lines.join('\n')
        break
      }
      default: {
        const depth = pick(rng, [10, 70, 2000])
        result +=
          rng() < 0.5
            ? `x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`
            : `${Array.from({ length: depth }, (_, d) => `${' '.repeat(d)}k${d}:\n`).join('')}`
      }
    }
  }
  return result
}

type Outcome = 'valid' | 'rejected'

const dir = mkdtempSync(join(tmpdir(), 'verisim-fuzz-'))

function load(text: string, overrides: Record<string, unknown>): Outcome {
  try {
    const path = join(dir, 'fuzz.yaml')
    writeFileSync(path, text)
    const loaded = loadScenario(path, overrides)
    for (const point of expandSweep(loaded.scenario, path).slice(0, 3)) loaded.at(point.params)
    resolveRunSpec(loaded.scenario, path)
    return 'valid'
  } catch (error) {
    if (error instanceof BaseError && error.kind === 'input' && !error.message.includes('\n'))
      return 'rejected'
    throw error
  }
}

describe('loadScenario under fuzzing', () => {
  it('turns every generated or mutated document into a scenario or a one-line input error', () => {
    const rng = seedrandom(SEED)
    const paths = fieldPaths()
    const prototype = Object.getOwnPropertyNames(Object.prototype).map((n) => [
      n,
      Reflect.get(Object.prototype, n),
    ])
    const heapBefore = process.memoryUsage().heapUsed
    const started = performance.now()
    const counts = { tried: 0, valid: 0, rejected: 0, crashes: 0 }
    const crashes: string[] = []
    while (counts.tried < MAX_DOCUMENTS && performance.now() - started < MAX_MILLISECONDS) {
      const kind = rng()
      const text =
        kind < 0.4
          ? generate(rng, paths)
          : kind < 0.8
            ? mutate(rng, pick(rng, bases))
            : mutate(rng, generate(rng, paths))
      const overrides: Record<string, unknown> =
        rng() < 0.1 ? { [rng() < 0.5 ? pick(rng, paths) : pick(rng, tokens)]: randomValue(rng) } : {}
      counts.tried++
      try {
        counts[load(text, overrides)]++
      } catch (error) {
        counts.crashes++
        if (crashes.length < 5)
          crashes.push(`document ${counts.tried}: ${String(error)}\n${text.slice(0, 500)}`)
      }
    }
    console.info(`fuzz (${SEED}): ${JSON.stringify(counts)} in ${Math.round(performance.now() - started)} ms`)
    expect(crashes).toEqual([])
    expect(counts.tried).toBeGreaterThan(100)
    expect(counts.valid).toBeGreaterThan(0)
    expect(counts.rejected).toBeGreaterThan(0)
    // Nothing a document says reaches Object.prototype.
    expect(
      Object.getOwnPropertyNames(Object.prototype).map((n) => [n, Reflect.get(Object.prototype, n)]),
    ).toEqual(prototype)
    // Alias bombs, deep nesting and huge sizes are refused before they grow: the heap stays bounded.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 ** 2)
  }, 120_000)
})
