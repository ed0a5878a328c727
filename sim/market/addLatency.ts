import { latencyBin } from '../demand/latencyBin.ts'

/** Adds `weight` requests of `seconds` latency to a fixed-bin histogram (bin → weight). */
export function addLatency(bins: Map<number, number>, seconds: number, weight: number): void {
  const bin = latencyBin(seconds)
  bins.set(bin, (bins.get(bin) ?? 0) + weight)
}
