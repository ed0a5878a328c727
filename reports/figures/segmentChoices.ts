import type { UtilityTerms } from '../../sim/index.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { marketOf } from './marketOf.ts'

const TERMS = ['price', 'latency', 'failure', 'fraud', 'verifiable', 'switching', 'total'] as const

/**
 * Per segment, a table of what its requesters weighed when they chose: each provider's mean
 * utility terms over every choice of the run, and the share of choices that went to it.
 */
export function segmentChoices(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  return market.segments.map((segment) => {
    const id = `choices-${segment.replace(/[^A-Za-z0-9_-]/g, '_')}`
    const title = `What ${segment} requesters chose and why`
    // A period's terms are the mean over its choices: weighting by its choice count gives the
    // mean over every choice of the run.
    const sums = new Map<string, { weight: number; terms: Record<string, number> }>()
    const chosen = new Map<string, number>()
    let choices = 0
    for (const row of market.periods) {
      const s = row.segments[segment]
      if (!s) continue
      const made = Object.values(s.choices).reduce((a, b) => a + b, 0)
      if (made === 0) continue
      choices += made
      for (const [provider, count] of Object.entries(s.choices))
        chosen.set(provider, (chosen.get(provider) ?? 0) + count)
      for (const [provider, terms] of Object.entries(s.terms)) {
        const sum = sums.get(provider) ?? { weight: 0, terms: {} }
        sum.weight += made
        for (const t of TERMS) sum.terms[t] = (sum.terms[t] ?? 0) + made * (terms as UtilityTerms)[t]
        sums.set(provider, sum)
      }
    }
    if (choices === 0)
      return {
        id,
        title,
        data: [],
        layout: {},
        note: `No ${segment} requester chose a provider in the run, so there are no utility terms to show.`,
      }
    const providers = market.providers.filter((p) => sums.has(p) || chosen.has(p))
    const rows = providers.map((provider) => {
      const sum = sums.get(provider)
      return [
        provider,
        ...TERMS.map((t) => (sum ? formatTerm((sum.terms[t] ?? 0) / sum.weight) : '–')),
        `${(((chosen.get(provider) ?? 0) / choices) * 100).toFixed(1)}%`,
      ]
    })
    return {
      id,
      title,
      data: [],
      layout: {},
      table: { columns: ['provider', ...TERMS, 'share of choices'], rows },
      caption: `Mean utility terms (logit units, higher is better; a difference of 1 makes the better provider e ≈ 2.7 times as likely) over the ${choices} choices ${segment} requesters made on arrival and at reviews, and the share of those choices each provider won. The terms say why: price, p95 latency, failed requests and expected fraud loss cost utility, a verifiable result adds it, and leaving the current provider costs the switching term.${market.production.includes(segment) ? ' A production segment.' : ''}`,
    }
  })
}

function formatTerm(value: number): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(2) : value.toExponential(1)
}
