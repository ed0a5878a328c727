import { readdirSync, readFileSync } from 'node:fs'

/** Resident memory of `root` and every process below it, in KiB, read from /proc (Linux). */
export function treeRssKiB(root: number): number {
  const parents = new Map<number, number>()
  const rss = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      parents.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0))
      rss.set(pid, Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0))
    } catch {
      // Gone meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, hops++)
      if (p === root) return true
    return false
  }
  let total = 0
  for (const [pid, kib] of rss) if (inTree(pid)) total += kib
  return total
}
