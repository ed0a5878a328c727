import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, 'bin.js')

describe('verisim schema', () => {
  const printed = spawnSync(process.execPath, [bin, 'schema'], { encoding: 'utf8', timeout: 60_000 })

  it('prints exactly the JSON schema shipped as scenarios/verisim.schema.json', () => {
    expect(printed.status).toBe(0)
    // Regenerate with: npx verisim schema > scenarios/verisim.schema.json
    expect(printed.stdout).toBe(
      readFileSync(join(import.meta.dirname, '../scenarios/verisim.schema.json'), 'utf8'),
    )
  })

  it('gives $schema, $id and a title and description for every field, for editors’ hover docs', () => {
    const schema = JSON.parse(printed.stdout)
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.$id).toMatch(/^[a-z]+:/)
    const missing: string[] = []
    let fields = 0
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return
      if (Array.isArray(node)) {
        for (const item of node) walk(item, path)
        return
      }
      const n = node as Record<string, unknown>
      for (const [key, child] of Object.entries(
        (n.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        fields++
        if (!child.title || !child.description) missing.push(`${path}${key}`)
        walk(child, `${path}${key}.`)
      }
      for (const key of ['anyOf', 'items', 'additionalProperties', 'prefixItems']) walk(n[key], path)
    }
    walk(schema, '')
    expect(fields).toBeGreaterThan(130)
    expect(missing).toEqual([])
  })

  it('is what every scenario file in the repo points editors at', () => {
    const files = spawnSync('git', ['ls-files', '*.yaml'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((f) => /^(scenarios|bench)\//.test(f))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const first = readFileSync(file, 'utf8').split('\n')[0]
      const depth = file.split('/').length - 2
      const target = file.startsWith('bench/') ? '../scenarios/' : depth === 0 ? './' : '../'.repeat(depth)
      expect(first, file).toBe(`# yaml-language-server: $schema=${target}verisim.schema.json`)
    }
  })
})
