import { existsSync } from 'node:fs'
import { InputError } from '../sim/errors.ts'

/**
 * The system Chromium (Debian's `chromium` package). Tests never download a browser; .ci/run
 * installs the package, and VERISIM_CHROMIUM points elsewhere when needed.
 */
export function findChromium(): string {
  const candidates = [process.env.VERISIM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => Boolean(p),
  )
  const found = candidates.find((p) => existsSync(p))
  if (!found) {
    throw new InputError('no Chromium found for the report test', {
      hint: 'apt-get install chromium, or set VERISIM_CHROMIUM to a Chromium executable',
    })
  }
  return found
}
