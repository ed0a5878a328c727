import type { Figure, FigureContext } from './figureContext.ts'

/** Mean gas per call of each contract call type, over all runs. */
export function gasByCall(ctx: FigureContext): Figure[] {
  const { records } = ctx
  const kinds = [...new Set(records.flatMap((r) => Object.keys(r.gas_by_call)))].sort()
  return [
    {
      id: 'gas',
      title: 'Gas per call, by call type (mean over runs)',
      data: [
        {
          type: 'bar',
          name: 'gas per call',
          x: kinds,
          y: kinds.map((k) => {
            let gas = 0
            let calls = 0
            for (const r of records) {
              gas += r.gas_by_call[k]?.gas ?? 0
              calls += r.gas_by_call[k]?.calls ?? 0
            }
            return calls > 0 ? gas / calls : 0
          }),
        },
      ],
      layout: { yaxis: { title: { text: 'gas' } } },
      caption:
        'What each contract call costs on the chain the runs settled on (anvil or the memory ledger), averaged over every call of that type in every run: the calls that dominate settlement cost stand tallest.',
    },
  ]
}
