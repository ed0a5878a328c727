/** One line of trace.ndjson: what happened at virtual time `t` (seconds from the run's start). */
export type TraceEvent =
  | { t: number; type: 'block'; number: number; calls: number; gas: number }
  /** Something the run models rather than executes (first in a trace). */
  | { t: number; type: 'modeled'; note: string }
  | {
      t: number
      type: 'job'
      job: number
      requester: number
      host: number
      variant: string
      /** Demand-market jobs requested under demand.offers[offer − 1] (Job.offer); absent for the scenario's protocol. */
      offer?: number
      /** Catalog runs: the job's model (its index in catalog.models). */
      model?: number
      /** Catalog runs: seconds this replica waited for its host to cold-load the model (absent: held). */
      load?: number
      /** Decoder models: the job's prompt and output token counts. */
      prompt?: number
      output?: number
    }
  | { t: number; type: 'dropped'; job: number; host: number; reason: string }
  /** A catalog run's cold load: `node` (a host or verifier) loads catalog model `model` for `seconds`. */
  | { t: number; type: 'load'; role: 'host' | 'verifier'; node: number; model: number; seconds: number }
  /** A serving batch (hosts.serving) started: `jobs` (job ids, batch order) run as one batched inference until `until`. */
  | { t: number; type: 'serve'; host: number; jobs: number[]; until: number }
  /** One emission: `amount` tokens credited over `hosts` hosts pro rata to stake. */
  | { t: number; type: 'emission'; hosts: number; amount: number }
  | { t: number; type: 'unserved'; requester: number; hosts: number; needed: number }
  | { t: number; type: 'commit'; batch: number; host: number; jobs: number; gas: number }
  | { t: number; type: 'check'; job: number; verifier: number; match: boolean }
  | { t: number; type: 'challenge'; dispute: number; job: number; verifier: number }
  | { t: number; type: 'missed'; job: number; verifier: number; reason: string }
  | {
      t: number
      type: 'slash'
      host: number
      job: number
      amount: number
      honest: boolean
      cause: 'dispute' | 'game' | 'vote'
    }
  | { t: number; type: 'rejected'; dispute: number; job: number }
  /** The referee's deadline passed: the dispute expired or the game was voided, with no verdict. */
  | { t: number; type: 'expired'; case: 'dispute' | 'game'; id: number; job: number }
  /** A colluding watcher opened a game on its coalition host's bad result, never to move in it. */
  | { t: number; type: 'sham'; game: number; job: number; verifier: number }
  | {
      t: number
      type: 'game'
      game: number
      job: number
      hostLost: boolean
      byTimeout: boolean
      layer: number
      rounds: number
    }
  /**
   * Decoder models: a checker's one-prefill check of a generation, chunk by chunk. `statistic`
   * is the checked host's sequential-test log-likelihood ratio after these chunks and `verdict`
   * its state (both null when protocol.detection is off or the mode does not test).
   */
  | {
      t: number
      type: 'chunks_checked'
      job: number
      host: number
      chunks: number
      failed: number
      statistic: number | null
      verdict: 'continue' | 'convict' | 'clear' | null
    }
  /** A host's sequential test decided; the host starts a new test with its next check. */
  | {
      t: number
      type: 'detection'
      host: number
      job: number
      verdict: 'convict' | 'clear'
      chunks: number
      tokens: number
      statistic: number
    }
  | { t: number; type: 'vote'; job: number; consensus: boolean; slashed: number }
  /**
   * A batch finalized and its host was paid. `final` holds the jobs this payout made final (a
   * result slashed or refunded before is not final; a replicated job is final at its first
   * payout and listed there alone), so a reader of the trace knows each job's finality latency:
   * this `t` less its `job` event's.
   */
  | { t: number; type: 'payout'; batch: number; host: number; amount: number; final: number[] }
  /** hosts.uptime: a host failed until `until`; work it had queued finishes that much later. */
  | { t: number; type: 'host_down'; host: number; until: number }
  | { t: number; type: 'host_up'; host: number }
  /**
   * hosts.entry: a reserve host staked `stake` tokens and joined, the active hosts' mean trailing
   * profit being `profit` tokens per day.
   */
  | { t: number; type: 'host_enter'; host: number; stake: number; profit: number }
  /**
   * hosts.entry: a host whose trailing profit was `profit` tokens per day (decided at `decidedAt`,
   * taking no new job from then) asked to unstake its whole bond, `amount` tokens, once its last
   * results were committed; the bond stays slashable until withdrawable at `availableAt`.
   */
  | {
      t: number
      type: 'host_exit'
      host: number
      amount: number
      profit: number
      decidedAt: number
      availableAt: number
    }
  /** verifiers.outages: no verifier check starts from `start` to `end`. */
  | { t: number; type: 'verification_outage'; phase: 'start' | 'end' }
