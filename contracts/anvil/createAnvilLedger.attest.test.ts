import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerCall } from '../../sim/index.ts'
import { digest, E, expectAllOk, freshLedger, jobs, only, testParams } from '../fixtures/ledgerFixture.ts'
import { createRpcClient, type RpcClient } from './createRpcClient.ts'
import { type AnvilHandle, startAnvil } from './startAnvil.ts'

const model = digest('model')
const commit = (host: number): LedgerCall => ({ kind: 'commit', host, modelHash: model, leaves: jobs(2, E) })

let anvil: AnvilHandle
let rpc: RpcClient

beforeAll(async () => {
  anvil = await startAnvil({ timestamp: 1_000_000 })
  rpc = createRpcClient(anvil.rpcUrl)
})

afterAll(async () => {
  await anvil?.stop()
})

describe('attestation', () => {
  it('burns the requested gas inside the call', async () => {
    const { mine } = await freshLedger(rpc, { hosts: 4 })
    const stakes = [1, 2, 3].map((h): LedgerCall => ({ kind: 'stake', host: h, amount: 10n * E }))
    expectAllOk((await mine(1, ...stakes)).receipts)
    expectAllOk((await mine(1, ...[0, 1, 2, 3].map(commit))).receipts)
    const requested = [0, 10_000, 100_000, 1_000_000]
    const block = await mine(
      1,
      ...requested.map((gas, batchId): LedgerCall => ({ kind: 'attest', host: batchId, batchId, gas })),
    )
    expectAllOk(block.receipts)
    expect(block.receipts.map((r) => r.events)).toEqual(
      requested.map((gas, batchId) => [{ kind: 'Attested', batchId, gas }]),
    )
    const [base = 0n, ...rest] = block.receipts.map((r) => r.gasUsed)
    // The loop stops within one iteration (a few dozen gas) of the target; calldata bytes of the
    // amount itself add a few more.
    rest.forEach((used, i) => {
      const extra = Number(used - base) - (requested[i + 1] ?? 0)
      expect(extra).toBeGreaterThanOrEqual(0)
      expect(extra).toBeLessThan(200)
    })
    // 21,000 per transaction, then mostly the attested flag's first write.
    expect(base).toBeLessThan(55_000n)
  })

  it('holds back finality until the batch is attested, when the protocol requires it', async () => {
    const params = { ...testParams, requireAttestation: true, challengeWindow: 0 }
    const { mine } = await freshLedger(rpc, { params })
    expect(only(await mine(1, commit(0))).ok).toBe(true)
    const block = await mine(
      1,
      { kind: 'finalize', batchId: 0 },
      // With no challenge window nothing can be challenged: attestation is the only check.
      { kind: 'challenge', verifier: 0, batchId: 0, leafIndex: 0, claimedDigest: digest('x') },
      { kind: 'attest', host: 1, batchId: 0, gas: 1000 },
      { kind: 'attest', host: 0, batchId: 1, gas: 1000 },
      { kind: 'attest', host: 0, batchId: 0, gas: 1000 },
      { kind: 'attest', host: 0, batchId: 0, gas: 1000 },
      { kind: 'finalize', batchId: 0 },
      { kind: 'attest', host: 0, batchId: 0, gas: 1000 },
    )
    expect(block.receipts.map((r) => r.error?.replace(/\(0x.*/, '(0x'))).toEqual([
      'NotAttested(0)',
      `ChallengeWindowClosed(0, ${block.timestamp - 1})`,
      'NotBatchHost(0x',
      'UnknownBatch(1)',
      undefined,
      'AlreadyAttested(0)',
      undefined,
      'BatchAlreadyFinalized(0)',
    ])
    expect(block.receipts[6]?.events).toEqual([{ kind: 'Finalized', batchId: 0, host: 0, paid: 2n * E }])
  })

  it('does not ask for attestation otherwise', async () => {
    const { mine } = await freshLedger(rpc, { params: { ...testParams, challengeWindow: 0 } })
    expect(only(await mine(1, commit(0))).ok).toBe(true)
    expect(only(await mine(0, { kind: 'finalize', batchId: 0 })).events).toEqual([
      { kind: 'Finalized', batchId: 0, host: 0, paid: 2n * E },
    ])
  })
})
