import { describe, expect, it } from 'vitest'
import { compileProtocol } from './compileProtocol.ts'

describe('compileProtocol', () => {
  it('compiles Protocol.sol once and keeps the result', async () => {
    const compiled = await compileProtocol()
    expect(compiled.bytecode).toMatch(/^0x[0-9a-f]{1000,}$/)
    const names = compiled.abi.filter((item) => item.type === 'function').map((item) => item.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'registerModel',
        'addVerifier',
        'stake',
        'requestUnstake',
        'withdraw',
        'deposit',
        'commit',
        'challenge',
        'resolve',
        'finalize',
        'totalBurned',
        'settleReplication',
        'openGame',
        'reveal',
        'respond',
        'resolveGame',
        'timeoutGame',
        'attest',
        'order',
        'claim',
        'requestEscrowWithdrawal',
        'withdrawEscrow',
        'expireDispute',
        'removeVerifier',
        'refereeTimeout',
        'credits',
        'orders',
      ]),
    )
    expect(await compileProtocol()).toBe(compiled)
  })

  it('takes the events and errors from IProtocol.sol, which it imports', async () => {
    const names = (await compileProtocol()).abi
      .filter((item) => item.type === 'event' || item.type === 'error')
      .map((item) => item.name)
    expect(names).toEqual(
      expect.arrayContaining(['RefereeChanged', 'Claimed', 'GameVoided', 'InvalidParams', 'OpenCases']),
    )
  })

  it('stays under the EIP-170 contract size limit, so anvil runs with its default checks', async () => {
    expect((await compileProtocol()).runtimeSize).toBeLessThan(24_576)
  })
})
