import { Interface, keccak256, toUtf8Bytes } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import type { CallReceipt, Hex, JobLeaf, LedgerCall, MinedBlock } from '../../sim/index.ts'
import { E, funding, ordersFor, testParams } from '../fixtures/ledgerFixture.ts'
import { compileProtocol } from '../solidity/compileProtocol.ts'
import { type AnvilLedger, createAnvilLedger } from './createAnvilLedger.ts'
import { createRpcClient, type RpcClient } from './createRpcClient.ts'
import { fetchRevertReasons } from './fetchRevertReasons.ts'
import { findFreePort } from './findFreePort.ts'
import { type AnvilHandle, startAnvil } from './startAnvil.ts'

const params = testParams
const model = digest('model')
const host = { role: 'host', index: 0 } as const
const verifier = { role: 'verifier', index: 0 } as const
const requester = { role: 'requester', index: 0 } as const

function digest(label: string): Hex {
  return keccak256(toUtf8Bytes(label)) as Hex
}

function jobs(count: number, fee: bigint, requesterIndex = 0): JobLeaf[] {
  return Array.from({ length: count }, (_, i) => ({
    jobId: i,
    requester: requesterIndex,
    fee,
    resultDigest: digest(`result ${i}`),
  }))
}

let anvil: AnvilHandle
let rpc: RpcClient

beforeAll(async () => {
  anvil = await startAnvil({ timestamp: 1_000_000 })
  rpc = createRpcClient(anvil.rpcUrl)
})

afterAll(async () => {
  await anvil?.stop()
})

/**
 * A fresh protocol on the shared chain (each setup deploys a new contract and re-funds the
 * derived accounts), with the model registered, verifier 0 added, host 0 staked and requester 0
 * funded. `mine` advances a virtual clock from the chain's current time.
 */
async function freshLedger(hosts = 4) {
  const ledger = createAnvilLedger(rpc)
  await ledger.setup(params, { hosts, verifiers: 2, requesters: 2 }, funding)
  const latest = (await rpc.request('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }
  let now = Number(latest.timestamp)
  const mine = async (advance: number, ...calls: LedgerCall[]): Promise<MinedBlock> => {
    const orders = ordersFor(calls)
    if (orders.length > 0) {
      for (const call of orders) ledger.submit(call)
      await ledger.mine(now)
    }
    for (const call of calls) ledger.submit(call)
    now += advance
    return ledger.mine(now)
  }
  const block = await mine(
    1,
    { kind: 'registerModel', modelHash: model, flops: 1_000_000, layers: 8 },
    { kind: 'addVerifier', verifier: 0 },
    { kind: 'stake', host: 0, amount: 100n * E },
    { kind: 'deposit', requester: 0, amount: 50n * E },
  )
  expectAllOk(block.receipts)
  return { ledger, mine, now: () => now }
}

function expectAllOk(receipts: CallReceipt[]): void {
  expect(receipts.filter((r) => !r.ok).map((r) => `${r.call.kind}: ${r.error}`)).toEqual([])
}

function only(block: MinedBlock): CallReceipt {
  expect(block.receipts).toHaveLength(1)
  return block.receipts[0] as CallReceipt
}

async function commitOne(ledger: AnvilLedger, mine: (a: number, ...c: LedgerCall[]) => Promise<MinedBlock>) {
  const leaves = jobs(4, E)
  const receipt = only(await mine(1, { kind: 'commit', host: 0, modelHash: model, leaves }))
  expect(receipt.ok).toBe(true)
  const committed = receipt.events.find((e) => e.kind === 'Committed')
  if (committed?.kind !== 'Committed') throw new Error('no Committed event')
  expect(ledger.protocolAddress()).toBeDefined()
  return { batchId: committed.batchId, leaves }
}

describe('createAnvilLedger', () => {
  it('funds a requester when it first acts or is read, as if it had been funded at set-up', async () => {
    // Indices no other test uses, on the shared chain: their node balance starts at 0.
    const ledger = createAnvilLedger(rpc)
    await ledger.setup(params, { hosts: 1, verifiers: 1, requesters: 5_000 }, funding)
    const onNode = async (index: number) =>
      BigInt(
        (await rpc.request('eth_getBalance', [
          ledger.addressOf({ role: 'requester', index }),
          'latest',
        ])) as string,
      )
    // 5,000 requesters allocated, none funded yet: the chain holds only the accounts that act.
    expect(await onNode(4_998)).toBe(0n)
    expect(await onNode(4_999)).toBe(0n)
    const latest = (await rpc.request('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }
    ledger.submit({ kind: 'deposit', requester: 4_998, amount: 3n * E })
    expectAllOk((await ledger.mine(Number(latest.timestamp) + 1)).receipts)
    expect(await onNode(4_998)).toBe(funding - 3n * E)
    expect(await onNode(4_999)).toBe(0n)
    // Read before it ever acted: the wallet it was given at set-up.
    expect((await ledger.balances({ role: 'requester', index: 4_999 })).wallet).toBe(funding)
    expect((await ledger.balances({ role: 'requester', index: 4_998 })).escrow).toBe(3n * E)
  })

  it('slashes a proven fault by exactly the configured amounts', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId, leaves } = await commitOne(ledger, mine)
    const hostBefore = await ledger.balances(host)
    const verifierBefore = await ledger.balances(verifier)
    const requesterBefore = await ledger.balances(requester)

    const opened = only(
      await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 2, claimedDigest: digest('x') }),
    )
    expect(opened.events).toEqual([
      { kind: 'DisputeOpened', disputeId: 0, batchId, leafIndex: 2, verifier: 0 },
    ])
    const resolved = only(await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') }))

    const slash = (100n * E * 250_000n) / 1_000_000n
    const toChallenger = (slash * 400_000n) / 1_000_000n
    const fee = leaves[2]?.fee ?? 0n
    expect(resolved.events).toEqual([
      {
        kind: 'Slashed',
        cause: { dispute: 0 },
        host: 0,
        amount: slash,
        toChallenger,
        burned: slash - toChallenger,
        refunded: fee,
      },
    ])
    expect(await ledger.balances(host)).toEqual({ ...hostBefore, stake: hostBefore.stake - slash })
    // The bond left the wallet with the challenge; its share and the bond come back as a credit.
    const bond = params.challengeBond
    expect(await ledger.balances(verifier)).toEqual({
      ...verifierBefore,
      wallet: verifierBefore.wallet - bond,
      credit: toChallenger + bond,
    })
    const claimed = only(await mine(1, { kind: 'claim', account: verifier }))
    expect(claimed.events).toEqual([{ kind: 'Claimed', account: verifier, amount: toChallenger + bond }])
    expect(await ledger.balances(verifier)).toEqual({
      ...verifierBefore,
      wallet: verifierBefore.wallet + toChallenger,
    })
    expect(only(await mine(1, { kind: 'claim', account: verifier })).error).toBe('NothingToClaim()')
    expect(await ledger.balances(requester)).toEqual({
      ...requesterBefore,
      escrow: requesterBefore.escrow + fee,
    })
    expect(await ledger.burned()).toBe(slash - toChallenger)

    // The slashed job's fee is no longer the host's: finalizing pays only the other three.
    const paid = only(await mine(params.challengeWindow, { kind: 'finalize', batchId }))
    expect(paid.events).toEqual([{ kind: 'Finalized', batchId, host: 0, paid: 3n * E }])
    expect((await ledger.balances(host)).credit).toBe(3n * E)

    // Gas stays in the range measured when the contract was written (prague, optimizer on): the
    // slash credits the challenger (a fresh credits slot), 122,828 measured.
    expect(opened.gasUsed).toBeLessThan(230_000n)
    expect(resolved.gasUsed).toBeLessThan(135_000n)
    // Finalizing credits the host: 73,030 into its empty credit slot.
    expect(paid.gasUsed).toBeLessThan(80_000n)
  })

  it('lets only verifiers challenge', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId } = await commitOne(ledger, mine)
    const receipt = only(
      await mine(1, { kind: 'challenge', verifier: 1, batchId, leafIndex: 0, claimedDigest: digest('x') }),
    )
    expect(receipt.ok).toBe(false)
    expect(receipt.error).toMatch(/^NotVerifier\(0x/)
    expect(receipt.gasUsed).toBeGreaterThan(21_000n)
  })

  it('lets only the referee resolve a dispute, so no verifier or host can slash', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId } = await commitOne(ledger, mine)
    const claimedDigest = digest('x')
    expect(
      only(await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 0, claimedDigest })).ok,
    ).toBe(true)
    const iface = new Interface((await compileProtocol()).abi)
    const stake = (await ledger.balances(host)).stake
    for (const impostor of [verifier, host, requester]) {
      const from = ledger.addressOf(impostor)
      const data = iface.encodeFunctionData('resolve', [0, digest('truth')])
      const to = ledger.protocolAddress()
      const hash = (await rpc.request('eth_sendTransaction', [
        { from, to, data, gas: '0x100000', gasPrice: '0x0' },
      ])) as string
      // The ledger's next block carries the impostor's transaction along.
      await mine(1)
      const receipt = (await rpc.request('eth_getTransactionReceipt', [hash])) as { status: string }
      expect(receipt.status).toBe('0x0')
      expect(await fetchRevertReasons(rpc, iface, [hash])).toEqual([`NotReferee(${from})`])
      expect((await ledger.balances(host)).stake).toBe(stake)
    }
    // The dispute is still open for the referee.
    const resolved = only(await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') }))
    expect(resolved.events.map((e) => e.kind)).toEqual(['Slashed'])
  })

  it('never slashes one fault twice', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId } = await commitOne(ledger, mine)
    const challenge: LedgerCall = {
      kind: 'challenge',
      verifier: 0,
      batchId,
      leafIndex: 1,
      claimedDigest: digest('x'),
    }
    // Two challenges of the same leaf in one block: the second finds it already disputed.
    const both = await mine(1, challenge, challenge)
    expect(both.receipts.map((r) => r.ok)).toEqual([true, false])
    expect(both.receipts[1]?.error).toMatch(/^LeafAlreadyTouched\(/)
    expect(only(await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') })).ok).toBe(
      true,
    )
    const stakeAfterOne = (await ledger.balances(host)).stake

    const again = only(await mine(1, challenge))
    expect(again.error).toMatch(/^LeafAlreadyTouched\(/)
    const resolveAgain = only(
      await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') }),
    )
    expect(resolveAgain.error).toBe('DisputeClosed(0)')
    expect((await ledger.balances(host)).stake).toBe(stakeAfterOne)
  })

  it('never slashes an honest result', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId, leaves } = await commitOne(ledger, mine)
    const before = await ledger.balances(host)
    const verifierBefore = await ledger.balances(verifier)
    only(await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 3, claimedDigest: digest('x') }))
    const committed = leaves[3]?.resultDigest ?? digest('?')
    const resolved = only(await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: committed }))
    expect(resolved.events).toEqual([{ kind: 'DisputeRejected', disputeId: 0 }])
    // A wrong challenge forfeits its bond as a lost game does: part to the host, the rest burned.
    const bond = params.challengeBond
    const toHost = (bond * BigInt(params.bondToWinnerPpm)) / 1_000_000n
    expect(await ledger.balances(host)).toEqual({ ...before, credit: toHost })
    expect(await ledger.balances(verifier)).toEqual({
      ...verifierBefore,
      wallet: verifierBefore.wallet - bond,
    })
    expect(await ledger.burned()).toBe(bond - toHost)
    // A challenge that repeats the committed digest proves nothing and is refused outright.
    const same = only(
      await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 3, claimedDigest: committed }),
    )
    expect(same.error).toBe('ClaimMatchesCommitment()')
  })

  it('finalizes only after the challenge window and with no open dispute, paying exactly the fees', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId } = await commitOne(ledger, mine)
    const before = await ledger.balances(host)
    const early = only(await mine(params.challengeWindow - 2, { kind: 'finalize', batchId }))
    expect(early.error).toMatch(/^ChallengeWindowOpen\(/)

    // The window is still open one second before the deadline, and closed at it.
    const lastMinute = only(
      await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 0, claimedDigest: digest('x') }),
    )
    expect(lastMinute.ok).toBe(true)
    const blocked = only(await mine(1, { kind: 'finalize', batchId }))
    expect(blocked.error).toBe(`OpenDisputes(${batchId}, 1)`)
    const tooLate = only(
      await mine(0, { kind: 'challenge', verifier: 0, batchId, leafIndex: 1, claimedDigest: digest('x') }),
    )
    expect(tooLate.error).toMatch(/^ChallengeWindowClosed\(/)

    const block = await mine(
      1,
      { kind: 'resolve', disputeId: 0, refereeDigest: digest('result 0') },
      { kind: 'finalize', batchId },
      { kind: 'finalize', batchId },
    )
    expect(block.receipts.map((r) => r.error)).toEqual([
      undefined,
      undefined,
      `BatchAlreadyFinalized(${batchId})`,
    ])
    expect(block.receipts[1]?.events).toEqual([{ kind: 'Finalized', batchId, host: 0, paid: 4n * E }])
    // Fees are credited (the rejected challenge's bond share too), and paid when claimed.
    const toHost = (params.challengeBond * BigInt(params.bondToWinnerPpm)) / 1_000_000n
    expect(await ledger.balances(host)).toEqual({ ...before, credit: 4n * E + toHost })
    // Its tree is gone once final; a challenge still gets the chain's own verdict.
    const afterFinal = only(
      await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 1, claimedDigest: digest('x') }),
    )
    expect(afterFinal.error).toMatch(/^ChallengeWindowClosed\(/)
  })

  it('holds unstaked funds for the unbonding delay, slashable meanwhile', async () => {
    const { ledger, mine } = await freshLedger()
    await commitOne(ledger, mine)
    const before = await ledger.balances(host)
    const request = only(await mine(1, { kind: 'requestUnstake', host: 0, amount: 40n * E }))
    expect(request.events).toMatchObject([{ kind: 'UnstakeRequested', host: 0, amount: 40n * E }])
    const early = only(await mine(params.unbondingDelay - 1, { kind: 'withdraw', host: 0 }))
    expect(early.error).toMatch(/^UnbondingNotOver\(/)
    expect(await ledger.balances(host)).toEqual(before)
    // Unbonding stake does not count towards the minimum for new work.
    expect(only(await mine(1, { kind: 'requestUnstake', host: 0, amount: 60n * E })).ok).toBe(true)
    const commit = only(await mine(1, { kind: 'commit', host: 0, modelHash: model, leaves: jobs(1, 0n) }))
    expect(commit.error).toBe(`InsufficientStake(0, ${params.minStake})`)

    const done = only(await mine(params.unbondingDelay, { kind: 'withdraw', host: 0 }))
    expect(done.events).toEqual([{ kind: 'Withdrawn', host: 0, amount: 100n * E }])
    expect(await ledger.balances(host)).toEqual({ ...before, wallet: before.wallet + 100n * E, stake: 0n })
  })

  it('caps the withdrawal by a slash that lands during unbonding', async () => {
    const { ledger, mine } = await freshLedger()
    const { batchId } = await commitOne(ledger, mine)
    await mine(1, { kind: 'requestUnstake', host: 0, amount: 100n * E })
    await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 0, claimedDigest: digest('x') })
    const slash = only(await mine(1, { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') }))
    expect(slash.events[0]).toMatchObject({ kind: 'Slashed', amount: 25n * E })
    const withdrawn = only(await mine(params.unbondingDelay, { kind: 'withdraw', host: 0 }))
    expect(withdrawn.events).toEqual([{ kind: 'Withdrawn', host: 0, amount: 75n * E }])
    expect((await ledger.balances(host)).stake).toBe(0n)
  })

  it('charges a requester only for jobs it ordered from the committing host, at its fee (issue 12)', async () => {
    const { ledger, mine, now } = await freshLedger()
    // Mined directly, without the fixture's automatic orders: nothing ordered, nothing charged.
    ledger.submit({ kind: 'commit', host: 0, modelHash: model, leaves: jobs(2, E) })
    const unordered = await ledger.mine(now())
    expect(unordered.receipts[0]?.error).toMatch(/^NotOrdered\(0x[0-9a-fA-F]{40}, 0x[0-9a-fA-F]{40}, 0, 2\)$/)
    const ordered = only(
      await mine(1, { kind: 'order', requester: 0, fee: E / 2n, orders: [{ host: 0, jobs: 3 }] }),
    )
    expect(ordered.events).toEqual([{ kind: 'Ordered', requester: 0, hosts: 1, jobs: 3, fee: E / 2n }])
    // The order's fee is what the escrow pays, whatever fee the leaves name.
    ledger.submit({ kind: 'commit', host: 0, modelHash: model, leaves: jobs(2, E) })
    const charged = await ledger.mine(now())
    expect(charged.receipts[0]?.events[0]).toMatchObject({ kind: 'Committed', feeTotal: E })
    expect((await ledger.balances(requester)).escrow).toBe(49n * E)
    const refee = only(await mine(1, { kind: 'order', requester: 0, fee: E, orders: [{ host: 0, jobs: 1 }] }))
    expect(refee.error).toMatch(
      /^OrderFeeMismatch\(0x[0-9a-fA-F]{40}, 500000000000000000, 1000000000000000000\)$/,
    )

    // Escrow comes back, after the unbonding delay.
    const asked = only(await mine(1, { kind: 'requestEscrowWithdrawal', requester: 0, amount: 10n * E }))
    expect(asked.events).toMatchObject([{ kind: 'EscrowWithdrawalRequested', requester: 0, amount: 10n * E }])
    expect(only(await mine(1, { kind: 'withdrawEscrow', requester: 0 })).error).toMatch(/^UnbondingNotOver\(/)
    const before = await ledger.balances(requester)
    const paid = only(await mine(params.unbondingDelay, { kind: 'withdrawEscrow', requester: 0 }))
    expect(paid.events).toEqual([{ kind: 'EscrowWithdrawn', requester: 0, amount: 10n * E }])
    expect(await ledger.balances(requester)).toEqual({
      ...before,
      wallet: before.wallet + 10n * E,
      escrow: before.escrow - 10n * E,
    })
  })

  it('accepts one commitment per host per block', async () => {
    const { ledger, mine } = await freshLedger()
    const commit: LedgerCall = { kind: 'commit', host: 0, modelHash: model, leaves: jobs(2, E) }
    const block = await mine(1, commit, commit)
    expect(block.receipts.map((r) => r.ok)).toEqual([true, false])
    expect(block.receipts[1]?.error).toMatch(/^AlreadyCommittedThisBlock\(/)
    // The refused commit took no fees.
    expect((await ledger.balances(requester)).escrow).toBe(48n * E)
    expect(only(await mine(1, commit)).ok).toBe(true)
  })

  it('refuses commits for unknown models, without stake or without escrow', async () => {
    const { mine } = await freshLedger()
    const block = await mine(
      1,
      { kind: 'commit', host: 0, modelHash: digest('unregistered'), leaves: jobs(1, E) },
      { kind: 'commit', host: 1, modelHash: model, leaves: jobs(1, E) },
      { kind: 'commit', host: 0, modelHash: model, leaves: jobs(1, E, 1) },
    )
    expect(block.receipts.map((r) => r.error?.replace(/\(.*/, ''))).toEqual([
      'UnknownModel',
      'InsufficientStake',
      'InsufficientEscrow',
    ])
  })

  it('mines 200 commitments in one block, in submission order, at a steady gas cost', async () => {
    const hosts = 200
    const { ledger, mine } = await freshLedger(hosts + 1)
    const stakes = await mine(
      1,
      ...Array.from(
        { length: hosts },
        (_, h): LedgerCall => ({ kind: 'stake', host: h + 1, amount: 10n * E }),
      ),
      { kind: 'deposit', requester: 1, amount: 100n * E },
    )
    expectAllOk(stakes.receipts)
    const commits = Array.from(
      { length: hosts },
      (_, h): LedgerCall => ({
        kind: 'commit',
        host: h + 1,
        modelHash: model,
        leaves: [...jobs(8, E / 100n, 0), ...jobs(8, E / 100n, 1)],
      }),
    )
    const block = await mine(1, ...commits)
    expectAllOk(block.receipts)
    const batchIds = block.receipts.map((r) => (r.events[0]?.kind === 'Committed' ? r.events[0].batchId : -1))
    expect(batchIds).toEqual(Array.from({ length: hosts }, (_, i) => i))
    // Every commit writes the same slots (2 payers, 16 leaves); only the protocol's very first
    // batch pays extra, for turning the batch count from zero to non-zero.
    const [first = 0, ...rest] = block.receipts.map((r) => Number(r.gasUsed))
    expect(new Set(rest).size).toBe(1)
    expect(first - (rest[0] ?? 0)).toBe(17_100)
    expect(first).toBeLessThan(250_000)
    expect((await ledger.balances(requester)).escrow).toBe(50n * E - BigInt(hosts) * 8n * (E / 100n))
  })

  it('keeps the queue when asked to mine in the past', async () => {
    const { ledger, mine, now } = await freshLedger()
    ledger.submit({ kind: 'deposit', requester: 0, amount: E })
    await expect(ledger.mine(now() - 1)).rejects.toThrow(/cannot mine a block at/)
    const block = await mine(1)
    expect(block.receipts.map((r) => r.call.kind)).toEqual(['deposit'])
    expect(block.timestamp).toBe(now())
  })

  it('reports pool rejections as failed receipts', async () => {
    const { mine } = await freshLedger()
    const receipt = only(await mine(1, { kind: 'stake', host: 0, amount: funding * 2n }))
    expect(receipt).toMatchObject({ ok: false, gasUsed: 0n, events: [] })
    expect(receipt.error).toMatch(/insufficient funds/i)
  })

  it('gives the same receipts for the same calls', async () => {
    const script = async () => {
      const { ledger, mine } = await freshLedger()
      const { batchId } = await commitOne(ledger, mine)
      const blocks = [
        await mine(1, { kind: 'challenge', verifier: 0, batchId, leafIndex: 1, claimedDigest: digest('x') }),
        await mine(
          1,
          { kind: 'resolve', disputeId: 0, refereeDigest: digest('truth') },
          { kind: 'withdraw', host: 0 },
        ),
        await mine(params.challengeWindow, { kind: 'finalize', batchId }),
      ]
      return { receipts: blocks.map((b) => b.receipts), burned: await ledger.burned() }
    }
    expect(await script()).toEqual(await script())
  })

  it('says which URL is unreachable', async () => {
    const dead = createAnvilLedger(`http://127.0.0.1:${await findFreePort()}`)
    const setup = dead.setup(params, { hosts: 1, verifiers: 1, requesters: 1 }, E)
    await expect(setup).rejects.toBeInstanceOf(InputError)
    await expect(setup).rejects.toThrow(/the chain at http:\/\/127\.0\.0\.1:\d+ is not reachable/)
  })
})
