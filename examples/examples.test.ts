import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { parseCliArgs } from '../cli/parseCliArgs.ts'

const here = import.meta.dirname

/**
 * The arguments of the `npx verisim sweep` command in a script (not in its comments), with
 * line continuations and quotes gone and shell variables set to `vars`.
 */
const argvOf = (script: string, vars: Record<string, string> = {}) => {
  const code = script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const command = /npx verisim (sweep[^\n]*)/.exec(code)?.[1] ?? ''
  return command
    .replace(/\$\{?(\w+)\}?/g, (whole, name: string) => vars[name] ?? whole)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/^"|"$/g, ''))
}

describe('examples', () => {
  it('the Kubernetes Indexed Job parses, shares a ReadWriteMany volume and gives --workers', () => {
    const docs = parseAllDocuments(readFileSync(join(here, 'k8s-indexed-job.yaml'), 'utf8'))
    for (const doc of docs) expect(doc.errors).toEqual([])
    const [claim, job] = docs.map((d) => d.toJS()) as [
      { kind: string; metadata: { name: string }; spec: { accessModes: string[] } },
      {
        kind: string
        spec: {
          completions: number
          template: {
            spec: {
              containers: { args: string[] }[]
              volumes: { persistentVolumeClaim: { claimName: string } }[]
            }
          }
        }
      },
    ]
    expect(claim.kind).toBe('PersistentVolumeClaim')
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany'])
    expect(job.kind).toBe('Job')
    const pod = job.spec.template.spec
    expect(pod.volumes[0]?.persistentVolumeClaim.claimName).toBe(claim.metadata.name)
    const args = parseCliArgs(argvOf(pod.containers[0]?.args[0] ?? ''))
    expect(args.command).toBe('sweep')
    expect(args.shards).toBe(String(job.spec.completions))
    expect(args.workers).toBeGreaterThan(0)
  })

  it('the Slurm array script is valid bash, logs where a folder exists and gives --workers', () => {
    const path = join(here, 'slurm-array.sh')
    expect(spawnSync('bash', ['-n', path]).status).toBe(0)
    const text = readFileSync(path, 'utf8')
    const output = /^#SBATCH --output=(.*)$/m.exec(text)?.[1] ?? ''
    expect(output).not.toContain('/')
    const args = parseCliArgs(argvOf(text, { cpus: '2' }))
    expect(args.command).toBe('sweep')
    expect(args.out).toMatch(/^results\/shard-/)
    expect(args.workers).toBe(2)
  })
})
