import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../../errors/index.ts'

/** The ABI and creation bytecode of Protocol.sol (with the IProtocol.sol it imports), as solc produced them. */
export type CompiledProtocol = {
  abi: readonly Record<string, unknown>[]
  bytecode: `0x${string}`
  /** Runtime code size in bytes: what EIP-170 limits to 24,576. */
  runtimeSize: number
  solcVersion: string
}

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Record<string, unknown>[]
        evm: { bytecode: { object: string }; deployedBytecode: { object: string } }
      }
    >
  >
}

const here = dirname(fileURLToPath(import.meta.url))
// Every file of the contract, by the name its imports use: solc-js reads no files itself.
const sourceNames = ['Protocol.sol', 'IProtocol.sol'] as const
const cacheDir = join(here, '.cache')
const require = createRequire(import.meta.url)

// Pinned rather than solc's default, and equal to the hardfork startAnvil runs, so the bytecode
// (and the gas numbers) do not drift when solc or anvil change their defaults.
const evmVersion = 'prague'

let memo: Promise<CompiledProtocol> | undefined

/**
 * Compile Protocol.sol and IProtocol.sol with solc-js in process (standard JSON, optimizer on).
 * solc-js takes seconds to load and compile, so the result is kept in memory and on disk, keyed
 * by the sources, the compiler version and the settings: any change to one of them compiles again.
 */
export function compileProtocol(): Promise<CompiledProtocol> {
  memo ??= compileOrLoad().catch((error: unknown) => {
    memo = undefined
    throw error
  })
  return memo
}

async function compileOrLoad(): Promise<CompiledProtocol> {
  const sources: Record<string, { content: string }> = {}
  for (const name of sourceNames) sources[name] = { content: await readFile(join(here, name), 'utf8') }
  const solcVersion = readSolcVersion()
  const input = JSON.stringify({
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion,
      outputSelection: {
        'Protocol.sol': { Protocol: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
      },
    },
  })
  const key = createHash('sha256').update(input).update(solcVersion).digest('hex')
  const cachePath = join(cacheDir, `${key}.json`)

  const cached = await readCache(cachePath)
  if (cached) return cached

  const compiled = await runSolc(input, solcVersion)
  await writeCache(cachePath, compiled)
  return compiled
}

// The package version is known without loading soljson (the slow part), so a cache hit never
// pays for it.
function readSolcVersion(): string {
  const pkg: { version: string } = require('solc/package.json')
  return pkg.version
}

async function readCache(path: string): Promise<CompiledProtocol | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CompiledProtocol
  } catch {
    // Missing or unreadable: compile again and overwrite.
    return undefined
  }
}

async function writeCache(path: string, compiled: CompiledProtocol): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true })
    // Write then rename, so two test workers compiling at once never read half a file.
    const temp = `${path}.${process.pid}.tmp`
    await writeFile(temp, JSON.stringify(compiled))
    await rename(temp, path)
  } catch {
    // A read-only checkout still works, only slower.
  }
}

async function runSolc(input: string, solcVersion: string): Promise<CompiledProtocol> {
  const solc: { compile: (input: string) => string } = (await import('solc')).default
  const output = JSON.parse(solc.compile(input)) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new BaseError(`Protocol.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  }
  const contract = output.contracts?.['Protocol.sol']?.Protocol
  if (!contract) throw new BaseError('solc returned no Protocol contract')
  return {
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    runtimeSize: contract.evm.deployedBytecode.object.length / 2,
    solcVersion,
  }
}
