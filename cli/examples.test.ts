import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { resolveShard } from '../lab/index.ts'
import { parseCliArgs } from './parseCliArgs.ts'

// The shipped examples' command lines, checked against the command's own argument parsing.
const here = join(import.meta.dirname, '..', 'examples')
const read = (name: string) => readFileSync(join(here, name), 'utf8')

/** A script's lines without its comments and with line continuations joined. */
const codeOf = (script: string) =>
  script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')

/**
 * The arguments of the verisim command (`exec node …/cli/bin.js COMMAND …`) in a script, with
 * quotes gone and shell variables and arithmetic set from `vars`.
 */
const argvOf = (script: string, command: string, vars: Record<string, string> = {}) => {
  const line = new RegExp(`exec node \\S*cli/bin\\.js (${command}[^\\n]*)`).exec(codeOf(script))?.[1] ?? ''
  return line
    .replace(/\$\(\((\w+) \+ 1\)\)/g, (whole, name: string) =>
      name in vars ? String(Number(vars[name]) + 1) : whole,
    )
    .replace(/\$\{?(\w+)\}?/g, (whole, name: string) => vars[name] ?? whole)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/^"|"$/g, ''))
}

type Container = {
  image: string
  command: string[]
  args: string[]
  env: { name: string; value: string }[]
  securityContext?: { readOnlyRootFilesystem?: boolean }
  volumeMounts: { name: string; mountPath: string }[]
}
type PodSpec = {
  containers: Container[]
  volumes: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[]
}
type JobDoc = {
  kind: string
  spec: { completions?: number; completionMode?: string; template: { spec: PodSpec } }
}

/** A pod where HOME is not writable still runs: HOME and tmp are a writable emptyDir. */
function expectWritableHome(pod: PodSpec): void {
  const container = pod.containers[0] as Container
  const home = container.env.find((e) => e.name === 'HOME')?.value
  expect(home).toBe('/tmp')
  const mount = container.volumeMounts.find((m) => m.mountPath === home)
  expect(pod.volumes.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined()
  expect(container.securityContext?.readOnlyRootFilesystem).toBe(true)
}

describe('examples', () => {
  const [claim, job] = parseAllDocuments(read('k8s-indexed-job.yaml')).map((d) => {
    expect(d.errors).toEqual([])
    return d.toJS()
  }) as [{ kind: string; metadata: { name: string }; spec: { accessModes: string[] } }, JobDoc]
  const merge = parseAllDocuments(read('k8s-merge-job.yaml')).map((d) => d.toJS())[0] as JobDoc

  it('the Kubernetes Indexed Job shares a ReadWriteMany volume, execs node and maps the 0-based index to shards 1 to N', () => {
    expect(claim.kind).toBe('PersistentVolumeClaim')
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany'])
    expect(job.kind).toBe('Job')
    expect(job.spec.completionMode).toBe('Indexed')
    const pod = job.spec.template.spec
    expect(pod.volumes[0]?.persistentVolumeClaim?.claimName).toBe(claim.metadata.name)
    const script = pod.containers[0]?.args[0] ?? ''
    expect(script).not.toMatch(/npx/)
    const completions = job.spec.completions as number
    const folders = new Set<string>()
    for (let index = 0; index < completions; index++) {
      const vars = { JOB_COMPLETION_INDEX: String(index) }
      const args = parseCliArgs(argvOf(script, 'sweep', vars))
      expect(args.command).toBe('sweep')
      expect(args.shards).toBe(String(completions))
      expect(args.workers).toBeGreaterThan(0)
      const shard = resolveShard({ shards: args.shards }, vars)
      expect(shard).toEqual({ index: index + 1, count: completions })
      expect(args.out).toBe(`/results/shard-${shard.index}`)
      folders.add(args.out as string)
    }
    expect(folders.size).toBe(completions)
    // The pod's shell does the arithmetic: index 2 writes shard 3's folder.
    const shell = spawnSync('sh', ['-c', script.replace('exec node /app/cli/bin.js', 'printf "%s\\n"')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, JOB_COMPLETION_INDEX: '2' },
    })
    expect(shell.stdout.split('\n')).toContain('/results/shard-3')
    expectWritableHome(pod)
  })

  it('the merge Job joins every shard folder of the same volume, with the same image', () => {
    expect(merge.kind).toBe('Job')
    const pod = merge.spec.template.spec
    expect(pod.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName).toBe(
      claim.metadata.name,
    )
    const container = pod.containers[0] as Container
    expect(container.image).toBe(job.spec.template.spec.containers[0]?.image)
    const args = parseCliArgs(argvOf(container.args[0] ?? '', 'merge'))
    expect(args.command).toBe('merge')
    expect(args.positionals).toEqual(['/results/shard-*'])
    expect(args.out).toBe('/results/merged')
    expectWritableHome(pod)
  })

  it('the Dockerfile installs without downloads at run time and runs verisim under node', () => {
    const text = codeOf(read('Dockerfile'))
    expect(text).toMatch(/^FROM node:20/m)
    expect(text).toMatch(/^ENV ONNXRUNTIME_NODE_INSTALL=skip$/m)
    expect(text).toMatch(/^RUN npm ci\b/m)
    // npm ci comes after the variable, so the install script sees it.
    expect(text.indexOf('ONNXRUNTIME_NODE_INSTALL=skip')).toBeLessThan(text.indexOf('npm ci'))
    expect(text).toMatch(/^ENV HOME=\/tmp /m)
    expect(text).toMatch(/^ENTRYPOINT \["node", "\/app\/cli\/bin\.js"\]$/m)
    // Every folder the command imports from is in the image.
    for (const folder of ['cli', 'sim', 'engine', 'contracts', 'reports', 'scenarios'])
      expect(text).toMatch(new RegExp(`^COPY ${folder}/ ${folder}/$`, 'm'))
  })

  it('the Slurm array script is valid bash, numbers shards from 1, gives the count and execs node', () => {
    const path = join(here, 'slurm-array.sh')
    expect(spawnSync('bash', ['-n', path]).status).toBe(0)
    const text = read('slurm-array.sh')
    const output = /^#SBATCH --output=(.*)$/m.exec(text)?.[1] ?? ''
    expect(output).not.toContain('/')
    const [, first, last] = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(text) ?? []
    expect(first).toBe('1')
    const shards = /^shards=(\d+)$/m.exec(text)?.[1]
    expect(shards).toBe(last)
    expect(codeOf(text)).not.toMatch(/npx|SLURM_ARRAY_TASK_COUNT/)
    // A resubmitted task (sbatch --array=2) has a task count of 1: the shard is still 2 of 4.
    const env = { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1' }
    const args = parseCliArgs(argvOf(text, 'sweep', { cpus: '2', shards: shards as string, ...env }))
    expect(args.command).toBe('sweep')
    expect(resolveShard({ shards: args.shards }, env)).toEqual({ index: 2, count: Number(shards) })
    expect(args.out).toBe('results/shard-2')
    expect(args.workers).toBe(2)
  })
})
