import type { HardwareCostProfile } from './types.ts'

/*
 * Published figures, approximate, 2025. Peak FLOP/s are dense (no 2:4 sparsity) tensor-core
 * rates at 16-bit precision, which is what fp16/bf16 weights run at; real kernels reach a
 * fraction of them, so modeled times are lower bounds. Both profiles default to batch 1 (one
 * generation per machine); a scenario that serves concurrent generations sets its own.
 *
 * Prices are RunPod's public per-second prices for serverless "flex" workers (pay per second,
 * scale to zero: the on-demand tier), https://docs.runpod.io/serverless/pricing, as stored in
 * 2025–2026: H100 PRO 80 GB $0.00116/s (≈ $4.18/h), 4090 PRO 24 GB $0.00031/s (≈ $1.12/h).
 * Other clouds differ by 2–4× either way (third-party price surveys quote $2–3/h per H100 at
 * smaller providers and more at hyperscalers; not verified), so a price is a scenario
 * parameter, not a constant.
 */

/**
 * NVIDIA H100 SXM5 80 GB. 989.4 TFLOP/s dense BF16/FP16 tensor (1,979 with sparsity) and
 * 3.35 TB/s HBM3: https://www.nvidia.com/en-us/data-center/h100/ (the sparse figure and the
 * bandwidth) and the dense table at https://glennklockwood.com/garden/processors/h100.
 */
export const H100_SXM: HardwareCostProfile = {
  name: 'H100 SXM',
  peakFlops: 989.4e12,
  memoryBandwidth: 3.35e12,
  pricePerSecond: 0.00116,
  batchSize: 1,
  source:
    'NVIDIA H100 SXM: 989.4 TFLOP/s dense BF16, 3.35 TB/s (nvidia.com/en-us/data-center/h100); price: RunPod serverless flex H100 $0.00116/s (docs.runpod.io/serverless/pricing), approximate, 2025',
}

/**
 * NVIDIA GeForce RTX 4090 24 GB. 165.2 TFLOP/s dense FP16 tensor with FP32 accumulate (GeForce
 * runs FP32 accumulation at half the FP16-accumulate rate of 330.3) and 1,008 GB/s GDDR6X:
 * NVIDIA Ada GPU architecture whitepaper, appendix table,
 * https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf
 * (read here through https://waredb.com/processor/nvidia-geforce-rtx-4090, 165.15 dense FP16,
 * and NVIDIA's forum thread 294400 confirming the half rate: the PDF itself was not opened).
 * FP32 accumulation is what fp16 inference kernels use for accuracy, hence the lower figure.
 */
export const RTX_4090: HardwareCostProfile = {
  name: 'RTX 4090',
  peakFlops: 165.2e12,
  memoryBandwidth: 1.008e12,
  pricePerSecond: 0.00031,
  batchSize: 1,
  source:
    'NVIDIA RTX 4090: 165.2 TFLOP/s dense FP16 with FP32 accumulate, 1,008 GB/s (Ada whitepaper); price: RunPod serverless flex 4090 $0.00031/s (docs.runpod.io/serverless/pricing), approximate, 2025',
}
