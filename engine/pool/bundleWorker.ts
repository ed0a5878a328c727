import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'

/** The part of esbuild's API used here (esbuild comes with tsx, a dependency). */
type Esbuild = {
  buildSync(options: Record<string, unknown>): {
    outputFiles?: { contents: Uint8Array }[]
    metafile?: { inputs: Record<string, unknown> }
  }
}

/** What a bundle was built from: each input file's size and modification time. */
type Manifest = { bundle: string; inputs: { file: string; size: number; mtimeMs: number }[] }

const load = createRequire(import.meta.url)
const done = new Map<string, string | undefined>()

/**
 * `entry` (the pool's TypeScript worker) and every module of the project it imports, bundled into
 * one CommonJS file that threads load without tsx; undefined when that fails (the pool then loads
 * the TypeScript through tsx, as before). Through tsx's hooks a worker took 0.56-0.72 CPU-seconds
 * to load its ~300 modules, more than a tenth of a whole short run on two workers; the bundle
 * loads in 0.08-0.11. Packages stay outside, resolved from the node_modules the file is written
 * in (.cache/verisim). Building takes esbuild up to a second, so a manifest keeps what the bundle
 * was built from and later processes reuse it while every input is unchanged; files are written
 * under a temporary name and renamed, so concurrent processes never read half a file.
 */
export function bundleWorker(entry: string): string | undefined {
  if (done.has(entry)) return done.get(entry)
  let path: string | undefined
  try {
    const nodeModules = nodeModulesOf(load.resolve('esbuild'))
    if (nodeModules) {
      const dir = join(nodeModules, '.cache', 'verisim')
      const id = createHash('sha256').update(entry).digest('hex').slice(0, 16)
      const manifestFile = join(dir, `worker-${id}.json`)
      path = fresh(manifestFile) ?? build(entry, dir, manifestFile)
    }
  } catch {
    // Without esbuild, or without a writable node_modules: the worker loads through tsx.
    path = undefined
  }
  done.set(entry, path)
  return path
}

/** The bundle `manifestFile` names, when it exists and none of its inputs changed since. */
function fresh(manifestFile: string): string | undefined {
  if (!existsSync(manifestFile)) return undefined
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest
  if (!existsSync(manifest.bundle)) return undefined
  for (const input of manifest.inputs) {
    if (!existsSync(input.file)) return undefined
    const stat = statSync(input.file)
    if (stat.size !== input.size || stat.mtimeMs !== input.mtimeMs) return undefined
  }
  return manifest.bundle
}

function build(entry: string, dir: string, manifestFile: string): string | undefined {
  const esbuild = load('esbuild') as Esbuild
  const built = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    keepNames: true,
    write: false,
    metafile: true,
    absWorkingDir: dirname(entry),
    logLevel: 'silent',
  })
  const contents = built.outputFiles?.[0]?.contents
  if (!contents || !built.metafile) return undefined
  mkdirSync(dir, { recursive: true })
  const hash = createHash('sha256').update(contents).digest('hex').slice(0, 16)
  const bundle = join(dir, `worker-${hash}.cjs`)
  if (!existsSync(bundle)) writeAtomically(bundle, contents)
  const inputs = Object.keys(built.metafile.inputs).map((input) => {
    const file = resolve(dirname(entry), input)
    const { size, mtimeMs } = statSync(file)
    return { file, size, mtimeMs }
  })
  writeAtomically(manifestFile, JSON.stringify({ bundle, inputs } satisfies Manifest))
  return bundle
}

function writeAtomically(file: string, contents: string | Uint8Array): void {
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, contents)
  renameSync(partial, file)
}

/** The node_modules folder `file` (a package's file) is installed in, if any. */
function nodeModulesOf(file: string): string | undefined {
  let dir = dirname(file)
  while (basename(dir) !== 'node_modules' && dirname(dir) !== dir) dir = dirname(dir)
  return basename(dir) === 'node_modules' ? dir : undefined
}
