import {
  buildDecoder,
  type DecoderSpec,
  type DecoderVariant,
  type GenerationCheat,
  type GenerationRequest,
  generate,
  openDecoder,
  verifyGeneration,
  withDecoder,
} from '../engine/index.ts'
import {
  calibrateNull,
  type HardwareProfile,
  type HonestNull,
  observeChunk,
  REFERENCE_HARDWARE,
  type SequentialState,
  type SequentialTestOptions,
  startSequentialTest,
} from '../sim/index.ts'

/** A host the verifier watches: a variant on a hardware profile, perhaps cheating in its loop. */
export type DetectionHost = {
  name: string
  hardware: HardwareProfile
  variant?: DecoderVariant
  cheat?: GenerationCheat
  /** Whether a conviction of this host is a false slash. */
  honest: boolean
}

export type MeasureDetectionOptions = {
  spec: DecoderSpec
  /** The honest hardware profiles the null is calibrated on, by name. */
  honestProfiles: Record<string, HardwareProfile>
  /** Jobs every honest profile runs once to calibrate the null. */
  calibrationJobs: GenerationRequest[]
  hosts: DetectionHost[]
  /** Jobs each watched host runs in turn until its test decides; other than the calibration jobs. */
  jobs: GenerationRequest[]
  test: SequentialTestOptions
  verifier?: HardwareProfile
}

export type HostDetection = {
  name: string
  honest: boolean
  /** The sequential test's state after the host's last observed chunk. */
  test: SequentialState
  jobs: number
  /** Chunks the one-chunk check (verifyGeneration at its default tolerance) failed. */
  failedChunks: number
}

export type DetectionResult = {
  honestNull: HonestNull
  hosts: HostDetection[]
  /** Per cheating host, output tokens checked until conviction; null when it was never convicted. */
  tokensToDetect: Record<string, number | null>
  /** Honest hosts the test convicted: false slashes. */
  falseConvictions: number
}

/**
 * Runs detection end to end on the real engine: calibrates the honest null from every honest
 * profile's generations as a one-prefill verifier sees them, then lets each host generate job
 * after job while the verifier checks every chunk and the host's sequential test accumulates,
 * stopping at the test's verdict or when the jobs run out.
 */
export async function measureDetection(options: MeasureDetectionOptions): Promise<DetectionResult> {
  const { spec } = options
  const verifier = await openDecoder(buildDecoder(spec), options.verifier ?? REFERENCE_HARDWARE)
  try {
    const honestChunks: Record<string, number[]> = {}
    for (const [profile, hardware] of Object.entries(options.honestProfiles)) {
      honestChunks[profile] = []
      await withDecoder(spec, undefined, hardware, async (host) => {
        for (const request of options.calibrationJobs) {
          const verdict = await verifyGeneration(verifier, request, await generate(host, request))
          honestChunks[profile]?.push(...verdict.chunks.map((chunk) => chunk.meanValueDistance))
        }
      })
    }
    const honestNull = calibrateNull(honestChunks)
    const hosts: HostDetection[] = []
    for (const host of options.hosts) {
      const watched: HostDetection = {
        name: host.name,
        honest: host.honest,
        test: startSequentialTest(options.test),
        jobs: 0,
        failedChunks: 0,
      }
      await withDecoder(spec, host.variant, host.hardware, async (decoder) => {
        for (const request of options.jobs) {
          if (watched.test.verdict !== 'continue') break
          const verdict = await verifyGeneration(
            verifier,
            request,
            await generate(decoder, request, host.cheat),
          )
          watched.jobs++
          for (const chunk of verdict.chunks) {
            if (!chunk.passed) watched.failedChunks++
            watched.test = observeChunk(watched.test, chunk, honestNull)
          }
        }
      })
      hosts.push(watched)
    }
    return {
      honestNull,
      hosts,
      tokensToDetect: Object.fromEntries(
        hosts
          .filter((host) => !host.honest)
          .map((host) => [host.name, host.test.verdict === 'convict' ? host.test.decidedAtTokens : null]),
      ),
      falseConvictions: hosts.filter((host) => host.honest && host.test.verdict === 'convict').length,
    }
  } finally {
    await verifier.release()
  }
}
