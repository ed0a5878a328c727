import type { CallReceipt, LedgerEvent } from './ports.ts'

/** The first event of `kind` a mined call emitted, typed; undefined when it emitted none. */
export function findEvent<K extends LedgerEvent['kind']>(
  receipt: CallReceipt,
  kind: K,
): Extract<LedgerEvent, { kind: K }> | undefined {
  return receipt.events.find((e): e is Extract<LedgerEvent, { kind: K }> => e.kind === kind)
}
