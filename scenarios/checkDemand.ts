import { ScenarioFieldError } from '../errors/index.ts'
import { bassAdopters, checkSegments, hasCheaters, type Segment } from '../sim/index.ts'
import type { ScenarioIssue } from './checkScenario.ts'
import { NETWORK_PROVIDER } from './demandSchema.ts'
import { limits } from './limits.ts'
import { listRunnableCheats } from './listRunnableCheats.ts'
import { resolveDemand } from './resolveDemand.ts'
import type { Scenario, Workload } from './schema.ts'
import { workloadOf } from './workloadOf.ts'

/** The one model a scenario runs is named this in `demand.segments.NAME.workload`. */
const MODEL_NAME = 'model'

const longest = (count: Workload['prompt']) => (typeof count === 'number' ? count : count.uniform[1])
const shortest = (count: Workload['prompt']) => (typeof count === 'number' ? count : count.uniform[0])
const count = (n: number) => Math.round(n).toLocaleString('en')

/**
 * The rules of the `demand:` section no single field states, each at the field to change: every
 * segment runs the scenario's model (and asks a decoder for sizes it can generate), each segment
 * has at least one requester, sim's checkSegments accepts the segments (shares that add up, Bass
 * p > 0 and q ≥ 0, a conversion into another segment...), provider names are distinct and not
 * the network's, network offers are ones the one contract can run beside the scenario's protocol
 * (checkOffers), and the simulated population (Σ share × marketSize ÷ weight) fits in a run.
 */
export function checkDemand(scenario: Scenario): ScenarioIssue | undefined {
  const { demand, model, hosts } = scenario
  if (!demand) return undefined
  if (hosts.count < 1)
    return { path: ['hosts', 'count'], message: 'a demand market needs at least one host to serve it' }
  if (scenario.requesters.choice)
    return {
      path: ['requesters', 'choice'],
      message:
        "is the fixed population's choice rule; the demand market's requesters choose among providers by their utilities",
      hint: 'remove requesters.choice (the market ignores requesters.count, jobRate and choice)',
    }
  const generating = 'decoder' in model || ('builtin' in model && model.builtin === 'decoder')
  const kind = listRunnableCheats(model).kind
  for (const [name, segment] of Object.entries(demand.segments)) {
    const at = (...field: string[]) => ['demand', 'segments', name, ...field]
    if (segment.workload !== MODEL_NAME)
      return {
        path: at('workload'),
        message: `unknown model ${JSON.stringify(segment.workload)}; this scenario has one model, named ${MODEL_NAME}`,
        hint: `write workload: ${MODEL_NAME}, or leave it out`,
      }
    const size = segment.requestSize
    if (size && !generating)
      return {
        path: at('requestSize'),
        message: `a request size is for decoder models; this model is ${kind}`,
        hint: 'remove requestSize, or use model: { builtin: decoder }',
      }
    if (size) {
      const workload = workloadOf(scenario)
      const prompt = size.prompt ?? workload.prompt
      const output = size.outputTokens ?? workload.outputTokens
      const total = longest(prompt) + longest(output)
      if ('builtin' in model && model.builtin === 'decoder' && total > model.context)
        return {
          path: at('requestSize'),
          message: `the longest prompt (${longest(prompt)} tokens) plus the longest output (${longest(output)} tokens) is ${total} tokens, more than model.context (${model.context})`,
          hint: `shorten this segment's requestSize, or raise model.context to ${total}`,
        }
      const cheaters = hasCheaters(hosts.behaviours)
      if (
        cheaters &&
        hosts.variant === 'truncate' &&
        'cheats' in model &&
        'truncateKeep' in model.cheats &&
        model.cheats.truncateKeep >= shortest(prompt)
      )
        return {
          path: at('requestSize', 'prompt'),
          message: `the shortest prompt is ${shortest(prompt)} tokens, but truncating hosts keep ${model.cheats.truncateKeep}: a truncated context must drop at least one`,
          hint: `make this segment's prompts longer than ${model.cheats.truncateKeep}, or lower model.cheats.truncateKeep`,
        }
    }
    const into = segment.conversion?.into
    if (into !== undefined && into !== name && !Object.hasOwn(demand.segments, into))
      return {
        path: at('conversion', 'into'),
        message: `converts trial requesters into ${JSON.stringify(into)}${into === 'production' ? ' (the default)' : ''}, which is not a segment of this scenario`,
        hint: `add a ${into} segment, name one of ${Object.keys(demand.segments).join(', ')} in conversion.into, or set conversion: null`,
      }
    const requesters = segment.share * demand.marketSize
    if (requesters < 1)
      return {
        path: at('share'),
        message: `share × demand.marketSize is ${requesters} requesters; a segment needs at least 1`,
        hint: 'raise the share or demand.marketSize, or remove the segment',
      }
  }
  const spec = resolveDemand(scenario)
  if (!spec) return undefined
  const segments: Record<string, Segment> = Object.fromEntries(spec.segments.map((s) => [s.name, s.segment]))
  try {
    checkSegments(segments)
  } catch (error) {
    if (!(error instanceof ScenarioFieldError)) throw error
    return {
      path: (error.fieldPath ?? 'demand.segments').split('.'),
      message: error.reason,
      hint: error.hint,
    }
  }
  const provider = checkProviders(scenario)
  if (provider) return provider
  const offer = checkOffers(scenario)
  if (offer) return offer
  // sim's createMarket gives every potential requester an account at set-up, ceil(m ÷ weight)
  // per segment, and refuses a segment with less than one.
  const { weight } = demand
  for (const { name, segment } of spec.segments)
    if (segment.bass.m / weight < 1)
      return {
        path: ['demand', 'weight'],
        message: `${weight} makes segment ${name}'s market (share × marketSize = ${segment.bass.m}) less than one simulated requester`,
        hint: `set demand.weight to at most ${Math.floor(segment.bass.m)}, or raise the segment's share or demand.marketSize`,
      }
  const population = spec.segments.reduce((sum, { segment }) => sum + Math.ceil(segment.bass.m / weight), 0)
  if (population > limits.maxSimulatedRequesters) {
    // What the horizon reaches, for the reader: Bass arrivals are Poisson with mean m·F(duration).
    const arriving = spec.segments.reduce(
      (sum, { segment: { bass } }) => sum + bassAdopters(bass.p, bass.q, bass.m, scenario.duration),
      0,
    )
    return {
      path: ['demand', 'weight'],
      message: `${count(population)} simulated requesters (Σ share × marketSize ÷ weight ${weight}, each with an account from the start; about ${count(arriving / weight)} arrive by the end of duration) are more than the ${count(limits.maxSimulatedRequesters)} a run keeps`,
      hint: `set demand.weight to at least ${Math.ceil((population * weight) / limits.maxSimulatedRequesters)} (each simulated requester then stands for that many real ones), or lower demand.marketSize`,
    }
  }
  return undefined
}

function checkProviders(scenario: Scenario): ScenarioIssue | undefined {
  const demand = scenario.demand
  if (!demand) return undefined
  const seen = new Set<string>()
  for (const [index, provider] of demand.providers.entries()) {
    const at = (...field: string[]) => ['demand', 'providers', String(index), ...field]
    if (provider.name === NETWORK_PROVIDER)
      return {
        path: at('name'),
        message: `${JSON.stringify(NETWORK_PROVIDER)} is the network's own name among providers`,
        hint: 'give the centralized provider another name',
      }
    if (seen.has(provider.name))
      return {
        path: at('name'),
        message: `${JSON.stringify(provider.name)} names an earlier provider too; provider names must differ`,
      }
    seen.add(provider.name)
    // A median written in the file is > 0 (the schema); one left out is economics.centralizedLatency.
    if (!(provider.latency.median > 0))
      return {
        path: ['economics', 'centralizedLatency'],
        message: `is ${provider.latency.median} s, and provider ${provider.name} takes it as its median latency: a log-normal latency needs a median > 0`,
        hint: `set economics.centralizedLatency above 0, or give demand.providers.${index}.latency.median`,
      }
    if (provider.latency.p95 < provider.latency.median)
      return {
        path: at('latency', 'p95'),
        message: `${provider.latency.p95} s is below the median (${provider.latency.median} s); a 95th percentile is at least the median`,
      }
  }
  return undefined
}

/**
 * Network offers share the hosts, verifiers and the one contract with the scenario's protocol, so
 * each must be one that contract can run beside it: attestation (tee, zk) is a switch of the whole
 * contract, not of a job, so neither an offer nor the protocol may use it while offers exist; and
 * protocol.detection's sequential test is kept per host by each checking mode handler, so a
 * second sampling or optimistic offer would keep a second test per host, splitting each host's
 * evidence and spending the honest hosts' false-conviction budget alpha twice (offers of none or
 * replication check nothing by the test and may run beside it). Names are distinct among the
 * network, its offers and the centralized providers, since outputs key every figure by name.
 */
function checkOffers(scenario: Scenario): ScenarioIssue | undefined {
  const { demand, protocol, hosts } = scenario
  const offers = demand?.offers ?? []
  if (!demand || offers.length === 0) return undefined
  if (protocol.mode === 'tee' || protocol.mode === 'zk')
    return {
      path: ['protocol', 'mode'],
      message: `${protocol.mode} makes the contract require an attestation for every batch, which demand.offers' jobs never have`,
      hint: `choose another protocol.mode, or remove demand.offers`,
    }
  const providers = new Set(demand.providers.map((p) => p.name))
  const seen = new Set<string>()
  for (const [index, offer] of offers.entries()) {
    const at = (...field: string[]) => ['demand', 'offers', String(index), ...field]
    if (offer.name === NETWORK_PROVIDER)
      return {
        path: at('name'),
        message: `${JSON.stringify(NETWORK_PROVIDER)} is the name of the scenario's own protocol among providers`,
        hint: 'give the offer another name',
      }
    if (providers.has(offer.name))
      return {
        path: at('name'),
        message: `${JSON.stringify(offer.name)} names a centralized provider too; provider and offer names must differ`,
        hint: 'give the offer another name',
      }
    if (seen.has(offer.name))
      return {
        path: at('name'),
        message: `${JSON.stringify(offer.name)} names an earlier offer too; offer names must differ`,
      }
    seen.add(offer.name)
    if (!(offer.fee > 0))
      return {
        path: at('fee'),
        message: `${offer.fee} tokens per replica: the contract refuses an order with a zero fee`,
        hint: 'give the offer a fee above 0, e.g. requesters.fee',
      }
    const { mode } = offer.protocol
    if (mode === 'tee' || mode === 'zk')
      return {
        path: at('protocol', 'mode'),
        message: `${mode} is an attestation the contract requires of every batch or of none, so one offer cannot have it`,
        hint: 'use none, sampling, optimistic or replication',
      }
    if (protocol.detection && (mode === 'sampling' || mode === 'optimistic'))
      return {
        path: at('protocol', 'mode'),
        message: `${mode} beside protocol.detection would keep a second sequential test per host, splitting each host's evidence and doubling honest hosts' false-conviction rate`,
        hint: 'use none or replication for this offer, or remove protocol.detection',
      }
    const k = offer.protocol.k ?? protocol.k
    if (mode === 'replication' && k > hosts.count)
      return {
        path: at('protocol', offer.protocol.k === undefined ? 'mode' : 'k'),
        message: `replication with k = ${k} needs more than hosts.count (${hosts.count}) distinct hosts per job`,
        hint: "lower the offer's protocol.k, or raise hosts.count",
      }
    if (mode === 'optimistic' && protocol.moveTimeout <= scenario.blockTime)
      return {
        path: at('protocol', 'mode'),
        message: `optimistic needs protocol.moveTimeout (${protocol.moveTimeout} s) longer than blockTime (${scenario.blockTime} s)`,
      }
  }
  return undefined
}
