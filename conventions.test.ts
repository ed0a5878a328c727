import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = import.meta.dirname
const biome = join(root, 'node_modules', '.bin', 'biome')
// Indented where a mapping key must be, and a flow mapping with an empty entry: not YAML.
const MALFORMED = 'name:   broken\n  - : [unclosed\nprotocol: {p: 0.1,,}\n'

// Without npm's own variables, so an `npm test` around vitest does not steer the npm under test.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))

describe("the repository's own checks", () => {
  const temps: string[] = []
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  /** A folder with this repository's biome.json and `files`, each path relative to it. */
  const lintFolder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-lint-'))
    temps.push(dir)
    copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'))
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    return spawnSync(biome, ['check', '.'], { cwd: dir, env, encoding: 'utf8' })
  }

  it('a failure saved by `verisim check` in .verisim/ leaves `biome check .` clean', () => {
    const clean = 'export const answer = 42\n'
    const saved = lintFolder({ 'index.ts': clean, '.verisim/failures/0123456789ab.yaml': MALFORMED })
    expect(saved.stderr + saved.stdout).not.toMatch(/\.verisim/)
    expect(saved.status).toBe(0)
    // The same file anywhere else is linted, so the first check can fail.
    const elsewhere = lintFolder({ 'index.ts': clean, 'scenarios/broken.yaml': MALFORMED })
    expect(elsewhere.status).not.toBe(0)
  })

  it("another layer's files are imported only through its index.ts, which `biome check .` enforces", () => {
    const output = (run: ReturnType<typeof lintFolder>) => run.stderr + run.stdout
    const deep = lintFolder({
      'reports/deep.ts': "export { BaseError } from '../sim/runState.ts'\n",
      'reports/nested.ts': "export { openSession } from '../engine/run/openSession.ts'\n",
      'scenarios/errorClass.ts': "export { ScenarioFieldError } from '../errors/ScenarioFieldError.ts'\n",
    })
    expect(deep.status).not.toBe(0)
    expect(output(deep)).toMatch(/reports\/deep\.ts:1:\d+ lint\/style\/noRestrictedImports/)
    expect(output(deep)).toMatch(/reports\/nested\.ts:1:\d+ lint\/style\/noRestrictedImports/)
    // errors/ belongs to no layer, and is imported like one: through its index.ts.
    expect(output(deep)).toMatch(/scenarios\/errorClass\.ts:1:\d+ lint\/style\/noRestrictedImports/)
    const api = lintFolder({
      'index.ts': "export { createMemoryLedger } from './contracts/memory/createMemoryLedger.ts'\n",
    })
    expect(output(api)).toMatch(/index\.ts:1:\d+ lint\/style\/noRestrictedImports/)
    // No file outside cli/ imports cli/, the root API and the tests included: what they need lives in lab/.
    // Built from parts, so the repository's own search for imports of cli/ does not count these texts.
    const fromCli = (name: string, up: string) => `export { ${name} } from '${up}cli/${name}.ts'\n`
    const upward = lintFolder({
      'index.ts': fromCli('checkCommand', './'),
      'lab/tune.ts': fromCli('formatTuneTable', '../'),
      'scenarios/library/posThreshold.test.ts': fromCli('tuneCommand', '../../'),
    })
    expect(upward.status).not.toBe(0)
    for (const file of ['index\\.ts', 'lab\\/tune\\.ts', 'scenarios\\/library\\/posThreshold\\.test\\.ts'])
      expect(output(upward)).toMatch(
        new RegExp(`(^|\\s)${file}:1:\\d+ lint\\/style\\/noRestrictedImports`, 'm'),
      )
    const apiErrors = lintFolder({ 'index.ts': "export { formatError } from './errors/formatError.ts'\n" })
    expect(output(apiErrors)).toMatch(/index\.ts:1:\d+ lint\/style\/noRestrictedImports/)
    // The library layers never import lab/, their tests included: a test of the whole stack lives in lab/.
    const stack = lintFolder({
      'scenarios/library/stack.test.ts': "export { runScenarioFile } from '../../lab/index.ts'\n",
      'contracts/memory/sims.test.ts': "export { runOnAdapters } from '../../lab/index.ts'\n",
    })
    for (const file of ['scenarios\\/library\\/stack\\.test\\.ts', 'contracts\\/memory\\/sims\\.test\\.ts'])
      expect(output(stack)).toMatch(
        new RegExp(`(^|\\s)${file}:1:\\d+ lint\\/style\\/noRestrictedImports`, 'm'),
      )
    const allowed = lintFolder({
      'lab/library/stack.test.ts': "export { runScenarioFile } from '../index.ts'\n",
      'reports/viaIndex.ts': "export { runSimulation } from '../sim/index.ts'\n",
      'reports/ownLayer.ts': "export { runSimulation } from './viaIndex.ts'\n",
      'contracts/errors.ts': "export { ChainError, formatError } from '../errors/index.ts'\n",
      'index.ts': "export { formatError } from './errors/index.ts'\n",
      'errors/InputError.ts': "export { BaseError } from './BaseError.ts'\n",
      'engine/run/sibling.ts': "export { buildModel } from '../build/buildModel.ts'\n",
      'sim/fixture.test.ts': "export { ledgerFixture } from '../contracts/fixtures/ledgerFixture.ts'\n",
    })
    expect(output(allowed)).not.toMatch(/noRestrictedImports/)
    expect(allowed.status).toBe(0)
  })

  it('git ignores saved failures', () => {
    const ignored = spawnSync('git', ['check-ignore', '-q', '.verisim/failures/0123456789ab.yaml'], {
      cwd: root,
    })
    expect(ignored.status).toBe(0)
  })

  it('npm reads the project configuration without a warning', () => {
    // An unknown key in .npmrc made npm warn on every `npx verisim` call.
    const npm = spawnSync('npm', ['config', 'get', 'fund'], { cwd: root, env, encoding: 'utf8' })
    expect(npm.status).toBe(0)
    expect(npm.stderr).toBe('')
  })

  it("the README's local links point at files in the repository", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((link) => !/^[a-z]+:/.test(link))
    expect(links).toContain('docs/design.md')
    for (const link of links) {
      expect(link, `${link} leaves the repository`).not.toMatch(/^\.\.\//)
      expect(existsSync(join(root, link)), `${link} exists`).toBe(true)
    }
  })
})
