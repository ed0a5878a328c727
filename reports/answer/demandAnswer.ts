import type { FigureContext } from '../figures/figureContext.ts'

/**
 * The second question: the production demand the network keeps. No scenario has a demand market
 * yet (issue 16), so the answer says the scenario cannot speak to it rather than inventing
 * retention from an adoption share that is 1 by construction.
 */
export function demandAnswer(_ctx: FigureContext): string[] {
  return [
    'Demand: this scenario has no demand market, so it cannot say how much production demand the network keeps (retention, revenue ÷ emissions); every request goes to the network by construction. Issue 16 adds the market.',
  ]
}
