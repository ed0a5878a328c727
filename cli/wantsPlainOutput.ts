import { isCi } from './isCi.ts'

/**
 * Plain progress lines instead of a redrawn terminal line: in CI, and when the user asked for no
 * colour (NO_COLOR, any non-empty value, per no-color.org) or has a terminal that cannot redraw
 * (TERM=dumb). verisim prints no colour at all; the redrawn line's control sequences are the
 * only ones it writes, so these switch them off too.
 */
export function wantsPlainOutput(env: NodeJS.ProcessEnv): boolean {
  return isCi(env) || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb'
}
