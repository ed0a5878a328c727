import type onnxProto from 'onnx-proto'
import { analyzeGraph } from './analyzeGraph.ts'

/** FLOPs of one batch-1 inference of the graph (conventions in evaluateNode). */
export function countFlops(graph: onnxProto.onnx.IGraphProto, source: string): number {
  return analyzeGraph(graph, source).flops
}
