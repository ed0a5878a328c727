import { getCreateAddress, Interface, toQuantity } from 'ethers'
import { BaseError } from '../../errors/index.ts'
import type { Amount, Hex, ProtocolParams } from '../../sim/index.ts'
import { compileProtocol } from '../solidity/compileProtocol.ts'
import type { RpcClient } from './createRpcClient.ts'
import { requireAll } from './requireAll.ts'

export type DeployedProtocol = {
  iface: Interface
  protocol: Hex
  /** Timestamp of the block the protocol was deployed in. */
  timestamp: number
  /** Number of the block the protocol was deployed in. */
  number: number
}

export type DeployOptions = {
  params: ProtocolParams
  owner: Hex
  referee: Hex
  /** Accounts whose wallet is set to `funding`. */
  funded: readonly Hex[]
  funding: Amount
  /** The timestamp the node's current time stands for (createAnvilLedger's startAt), if shifted. */
  startAt?: number
}

const slashRules = ['fraction', 'fixed', 'valueScaled'] as const

/** Protocol.sol's SlashParams: the rule's index, and no threshold as type(uint256).max. */
function slashParamsTuple(slash: ProtocolParams['slash']): unknown[] {
  return [
    slashRules.indexOf(slash.rule),
    slash.amount,
    slash.scalePpm,
    slash.checkProbabilityPpm,
    slash.alwaysCheckAbove ?? 2n ** 256n - 1n,
  ]
}

/**
 * Make every address usable (impersonation), fund the accounts, then deploy Protocol.sol from the
 * owner, with the emission reserve as the deployment's value, and name the referee, both in one block mined at the chain's current timestamp, so
 * setup takes no virtual time.
 */
export async function deployProtocol(rpc: RpcClient, options: DeployOptions): Promise<DeployedProtocol> {
  const { owner, referee, params } = options
  const compiled = await compileProtocol()
  const iface = new Interface(compiled.abi)
  const [latest, nonce] = await requireAll(rpc, [
    { method: 'eth_getBlockByNumber', params: ['latest', false] },
    { method: 'eth_getTransactionCount', params: [owner, 'latest'] },
    { method: 'anvil_autoImpersonateAccount', params: [true] },
    ...options.funded.map((address) => ({
      method: 'anvil_setBalance',
      params: [address, toQuantity(options.funding)],
    })),
    // The owner sends the emission reserve along with the deployment, and holds nothing else.
    { method: 'anvil_setBalance', params: [owner, toQuantity(params.emission.reserve)] },
  ])
  const timestamp = Number((latest as { timestamp: string }).timestamp)
  const number = Number((latest as { number: string }).number) + 1
  // The address is known before the deployment is mined, so naming the referee can share its block.
  const protocol = getCreateAddress({ from: owner, nonce: BigInt(nonce as string) }) as Hex
  const constructorArgs = [
    params.slashFractionPpm,
    params.challengerSharePpm,
    params.challengeWindow,
    params.unbondingDelay,
    params.minStake,
    params.challengeBond,
    params.moveTimeout,
    params.bondToWinnerPpm,
    params.requireAttestation,
    params.refereeTimeout,
    [
      params.emission.ratePerSecond,
      params.emission.halvingInterval,
      params.emission.burnPpm,
      // A node whose clock was not started for this run: its time is the port's plus a shift.
      params.emission.start === undefined
        ? 0
        : Math.max(
            0,
            params.emission.start + (options.startAt === undefined ? 0 : timestamp - options.startAt),
          ),
    ],
    slashParamsTuple(params.slash),
  ]
  const deploy = {
    from: owner,
    data: compiled.bytecode + iface.encodeDeploy(constructorArgs).slice(2),
    value: toQuantity(params.emission.reserve),
  }
  const setReferee = { from: owner, to: protocol, data: iface.encodeFunctionData('setReferee', [referee]) }
  await requireAll(
    rpc,
    [deploy, setReferee].map((tx) => ({
      method: 'eth_sendTransaction',
      params: [{ ...tx, gas: toQuantity(8_000_000n), gasPrice: '0x0' }],
    })),
  )
  await rpc.request('evm_mine', [timestamp])
  const receipts = (await rpc.request('eth_getBlockReceipts', ['latest'])) as { status: string }[]
  if (receipts.length !== 2 || receipts.some((r) => r.status !== '0x1')) {
    throw new BaseError(
      `deploying the protocol failed (receipt statuses ${receipts.map((r) => r.status).join(', ')})`,
    )
  }
  return { iface, protocol, timestamp, number }
}
