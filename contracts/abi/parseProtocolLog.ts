import { concat, type Interface, Result } from 'ethers'
import { abiTables } from './abiTables.ts'
import type { RawLog } from './decodeLedgerEvents.ts'
import { decodeStaticAbi } from './decodeStaticAbi.ts'

export type ParsedLog = { name: string; args: Result }

/**
 * `iface.parseLog(log)` by a topic-hash lookup: the event's name and its arguments by name, or
 * undefined for a log of no event in the interface.
 */
export function parseProtocolLog(iface: Interface, log: RawLog): ParsedLog | undefined {
  const { coder, events } = abiTables(iface)
  const entry = log.topics[0] ? events.get(log.topics[0].toLowerCase()) : undefined
  if (!entry) return undefined
  const topics = log.topics.slice(1)
  const indexed =
    decodeStaticAbi(entry.indexed, topics.map((t) => t.slice(2)).join('')) ??
    coder.decode(entry.indexed, concat(topics))
  const data =
    decodeStaticAbi(entry.nonIndexed, log.data.slice(2)) ?? coder.decode(entry.nonIndexed, log.data, true)
  const values: unknown[] = []
  const names: string[] = []
  let i = 0
  let d = 0
  for (const input of entry.fragment.inputs) {
    values.push(input.indexed ? indexed[i++] : data[d++])
    names.push(input.name)
  }
  return { name: entry.fragment.name, args: Result.fromItems(values, names) }
}
