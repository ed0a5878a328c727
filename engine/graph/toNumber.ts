/** protobufjs decodes int64 fields as Long objects; built graphs hold plain numbers. */
export type Int64 = number | { toNumber(): number }

/** An int64 field as a number; shapes and attributes never come near 2^53. */
export function toNumber(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber()
}
