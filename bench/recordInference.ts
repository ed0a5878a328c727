import type { HardwareProfile, InferencePort, RunRef, VariantName } from '../sim/index.ts'

/** One onnxruntime session run the pool made for a run: what the whole-run baseline replays. */
export type SessionRun = { variant: VariantName; hardware: HardwareProfile; inputSeed: number }

/**
 * `port`, passing every call through, with the session runs each call makes in the worker
 * (engine/pool/worker.ts): an inference runs its variant once, a comparison runs the claimed and
 * the reference run, a referee's layer check re-runs the claimed run (its one-layer model, a
 * fraction of a run, is not replayed, which can only lower the measured efficiency). The noise
 * cheat runs no model and is not recorded.
 */
export function recordInference(port: InferencePort): { port: InferencePort; runs: SessionRun[] } {
  const runs: SessionRun[] = []
  const add = (run: RunRef, inputSeed: number) => {
    if (run.variant !== 'noise') runs.push({ variant: run.variant, hardware: run.hardware, inputSeed })
  }
  return {
    runs,
    port: {
      load: (spec) => port.load(spec),
      infer(request) {
        add(request, request.inputSeed)
        return port.infer(request)
      },
      compare(request) {
        add(request.claimed, request.inputSeed)
        add(request.reference, request.inputSeed)
        return port.compare(request)
      },
      checkLayer(request) {
        add(request.claimed, request.inputSeed)
        return port.checkLayer(request)
      },
      ...(port.dispatch ? { dispatch: port.dispatch.bind(port) } : {}),
      close: () => port.close(),
    },
  }
}
