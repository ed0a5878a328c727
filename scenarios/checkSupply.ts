import type { ScenarioIssue } from './checkScenario.ts'
import type { Scenario } from './schema.ts'

/**
 * The rules of the supply side (issue 16) that span fields: emissions are sent in blocks, the
 * reserve of entering hosts includes those staked at the start, a host that just entered is not
 * already below the exit line, and verification outages lie within the run.
 */
export function checkSupply(scenario: Scenario): ScenarioIssue | undefined {
  const { hosts, verifiers, economics, blockTime, duration } = scenario
  const emissions = economics.emissions
  if (emissions.kind !== 'none' && emissions.every < blockTime)
    return {
      path: ['economics', 'emissions', 'every'],
      message: `${emissions.every} s is shorter than blockTime (${blockTime} s); emissions are sent in blocks`,
      hint: `set every to at least ${blockTime}`,
    }
  const entry = hosts.entry
  if (entry?.max !== undefined && entry.max < hosts.count)
    return {
      path: ['hosts', 'entry', 'max'],
      message: `${entry.max} is less than hosts.count (${hosts.count}), the hosts staked at the start`,
      hint: `set max to at least ${hosts.count}`,
    }
  if (entry && entry.enterAbove < entry.exitBelow)
    return {
      path: ['hosts', 'entry', 'enterAbove'],
      message: `${entry.enterAbove} tokens a day is below exitBelow (${entry.exitBelow}): a host would join at a profit it leaves at`,
      hint: 'set enterAbove at least as high as exitBelow',
    }
  for (const [index, outage] of verifiers.outages.entries()) {
    const at = (field: string) => ['verifiers', 'outages', String(index), field]
    if (!(outage.start < outage.end))
      return {
        path: at('end'),
        message: `${outage.end} must be after start (${outage.start})`,
        hint: 'an outage is the window [start, end) of virtual seconds',
      }
    if (outage.end > duration)
      return {
        path: at('end'),
        message: `${outage.end} s is after the end of duration (${duration} s)`,
        hint: `end the outage by ${duration}, or lengthen duration`,
      }
  }
  return undefined
}
