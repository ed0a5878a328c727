import type { LedgerCall, LedgerPort, ProtocolParams } from '../sim/index.ts'

export type LedgerRecording = {
  setup: {
    params: ProtocolParams
    counts: { hosts: number; verifiers: number; requesters: number }
    funding: bigint
  }
  blocks: { timestamp: number; calls: LedgerCall[] }[]
}

/** A ledger that passes everything to `inner` and records what a replay needs: set-up and blocks. */
export function recordLedger(inner: LedgerPort): { ledger: LedgerPort; recording: () => LedgerRecording } {
  let setup: LedgerRecording['setup'] | undefined
  const blocks: LedgerRecording['blocks'] = []
  let calls: LedgerCall[] = []
  const ledger: LedgerPort = {
    async setup(params, counts, funding) {
      setup = { params, counts, funding }
      await inner.setup(params, counts, funding)
    },
    submit(call) {
      calls.push(call)
      inner.submit(call)
    },
    async mine(timestamp) {
      blocks.push({ timestamp, calls })
      calls = []
      return inner.mine(timestamp)
    },
    balances: (account) => inner.balances(account),
    burned: () => inner.burned(),
    close: () => inner.close(),
  }
  return {
    ledger,
    recording() {
      if (!setup) throw new Error('the ledger was never set up')
      return { setup, blocks }
    },
  }
}

/** Set up `ledger` and send it the recorded blocks; returns the receipts of every block. */
export async function replayLedger(ledger: LedgerPort, recording: LedgerRecording) {
  const { params, counts, funding } = recording.setup
  await ledger.setup(params, counts, funding)
  const mined = []
  for (const block of recording.blocks) {
    for (const call of block.calls) ledger.submit(call)
    mined.push(await ledger.mine(block.timestamp))
  }
  return mined
}
