import type onnxProto from 'onnx-proto'

type Graph = onnxProto.onnx.IGraphProto

/** Ops that do the weighted work a layer is made of; each stage holds at least one. */
const HEAVY = new Set(['MatMul', 'Gemm', 'MatMulInteger', 'Conv'])

export type CheckpointSearch = { checkpoints: string[] } | { problem: string }

/**
 * The checkpoints of a graph that has them: the values that alone carry the whole state from one
 * layer to the next. Walking the nodes in order, a cut after a node is a candidate when exactly
 * one activation is live across it (produced before, consumed after; weights and values computed
 * from weights alone do not count, and the result counts as consumed at the end). A candidate
 * becomes a checkpoint when weighted work (MatMul, Gemm) lies both between the previous checkpoint
 * and it and between it and the next candidate, so trailing elementwise ops (bias, activation,
 * residual Add) stay in the stage they finish. The result is always the last checkpoint.
 *
 * A graph with two or more weighted ops but no such interior cut (parallel branches, a skip
 * connection around everything) cannot be bisected and gets a problem description instead.
 */
export function findCheckpoints(graph: Graph, input: string, result: string): CheckpointSearch {
  const nodes = graph.node ?? []
  const constant = constantValues(graph)
  const lastUse = new Map<string, number>()
  for (const [i, node] of nodes.entries()) for (const name of node.input ?? []) if (name) lastUse.set(name, i)
  lastUse.set(result, nodes.length)

  const live = new Set<string>([input])
  const cuts: { at: number; value: string; live: string[] }[] = []
  for (const [i, node] of nodes.entries()) {
    for (const name of node.output ?? []) if (name && !constant.has(name)) live.add(name)
    for (const name of [...live]) if ((lastUse.get(name) ?? -1) <= i) live.delete(name)
    cuts.push({ at: i, value: [...live][0] ?? '', live: [...live] })
  }
  const heavy = nodes.flatMap((node, i) => (HEAVY.has(node.opType ?? '') ? [i] : []))
  const candidates = cuts.filter((cut) => cut.live.length === 1)
  const heavyIn = (from: number, to: number) => heavy.some((i) => i > from && i <= to)

  const checkpoints: string[] = []
  let previous = -1
  for (const [k, cut] of candidates.entries()) {
    const next = candidates[k + 1]
    const last = cut.value === result && cut.at === nodes.length - 1
    if (last || (next && heavyIn(previous, cut.at) && heavyIn(cut.at, next.at))) {
      if (checkpoints.at(-1) !== cut.value) checkpoints.push(cut.value)
      previous = cut.at
    }
  }
  if (checkpoints.at(-1) !== result)
    return { problem: `its result ${result} does not depend on its input ${input}` }
  if (heavy.length >= 2 && checkpoints.length === 1) {
    const span = cuts.slice(heavy[0], heavy.at(-1))
    let narrowest = span[0] ?? { at: 0, value: '', live: [] }
    for (const cut of span) if (cut.live.length < narrowest.live.length) narrowest = cut
    const node = nodes[narrowest.at]
    return {
      problem:
        'no single value carries the state between its first and last MatMul/Gemm; the narrowest ' +
        `cut, after ${node?.opType} node ${node?.name || node?.output?.[0]}, has ${narrowest.live.length} ` +
        `live values (${narrowest.live.slice(0, 4).join(', ')})`,
    }
  }
  return { checkpoints }
}

/** Initializers and everything computed from them alone (Constant nodes, shape arithmetic). */
function constantValues(graph: Graph): Set<string> {
  const constant = new Set((graph.initializer ?? []).map((init) => init.name ?? ''))
  for (const node of graph.node ?? []) {
    if ((node.input ?? []).every((name) => !name || constant.has(name))) {
      for (const name of node.output ?? []) constant.add(name)
    }
  }
  return constant
}
