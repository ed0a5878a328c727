import type { ModeContext } from '../createRunContext.ts'
import { observeChunk } from '../detection/observeChunk.ts'
import { startSequentialTest } from '../detection/startSequentialTest.ts'
import type { SequentialState, SequentialVerdict } from '../detection/types.ts'
import type { CompareResult } from '../ports.ts'
import type { Replica } from '../runState.ts'

export type HostTests = {
  /**
   * A checker's compare of a generation at `now`: traced as chunks_checked, and, when `test` is
   * on and detection is configured, fed chunk by chunk to the checked host's sequential test.
   * Returns the test's verdict on this check (null when nothing was tested).
   */
  observe(replica: Replica, result: CompareResult, now: number, test: boolean): SequentialVerdict | null
}

/**
 * One sequential test per host (sim/detection), carried across that host's jobs. When a test
 * convicts on a check, the host starts a fresh test with its next check: the chunks after the
 * convicting one in the same job are not carried over, so every conviction points at one job,
 * whose dispute it settles. A clear starts a fresh test at once, on the job's next chunk:
 * otherwise one clean first chunk (an fp32 host clears on it) would leave the rest of the job
 * unexamined, and a biased draw that changes no token before the job's third chunk would pass.
 */
export function createHostTests(ctx: ModeContext): HostTests {
  const tests = new Map<number, SequentialState>()
  return {
    observe(replica, result, now, test) {
      // Each chunk is standardized by its own model's honest null (a catalog's decoders differ).
      const detection = ctx.generationOf(replica.job.model)?.detection ?? null
      const chunks = result.chunks ?? []
      const failed = chunks.filter((c) => !c.passed).length
      let state: SequentialState | null = null
      if (test && detection) {
        state = tests.get(replica.host) ?? startSequentialTest(detection.options)
        for (const chunk of chunks) {
          if (state.verdict === 'clear') {
            ctx.record.verdict(now, replica.host, replica.job.id, state)
            state = startSequentialTest(detection.options)
          }
          state = observeChunk(
            state,
            {
              count: chunk.count,
              meanValueDistance: chunk.meanValueDistance,
              wellFormed: true,
              tokenMismatches: chunk.tokenMismatches,
            },
            detection.honestNull,
          )
          if (state.verdict === 'convict') break
        }
        tests.set(replica.host, state.verdict === 'continue' ? state : startSequentialTest(detection.options))
      }
      ctx.trace({
        t: now,
        type: 'chunks_checked',
        job: replica.job.id,
        host: replica.host,
        chunks: chunks.length,
        failed,
        statistic: state ? state.logLikelihoodRatio : null,
        verdict: state ? state.verdict : null,
      })
      if (state) ctx.record.verdict(now, replica.host, replica.job.id, state)
      return state ? state.verdict : null
    },
  }
}
