import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { InputError } from '../sim/index.ts'

/**
 * Flags for Chromium on these machines: no sandbox (tests run as root), no GPU, and none of the
 * background connections a closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const candidates = () =>
  [process.env.VERISIM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string =>
    Boolean(p),
  )

/**
 * The system Chromium for the report test: Debian's `chromium` package, installed here with
 * apt-get when it is missing and this user may install packages (root, or sudo without a
 * password). No test tool ever downloads a browser of its own. VERISIM_CHROMIUM points elsewhere.
 */
export function ensureChromium(log: (line: string) => void = () => {}): string {
  const found = candidates().find((p) => existsSync(p))
  if (found) return found
  const sudo = process.getuid?.() === 0 ? [] : canSudo() ? ['sudo', '-n'] : undefined
  if (sudo && existsSync('/usr/bin/apt-get')) {
    log('no Chromium found: installing Debian chromium with apt-get for the report test')
    const apt = (args: string[]) => {
      const [command, ...rest] = [...sudo, 'apt-get', ...args]
      execFileSync(command as string, rest, {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 600_000,
      })
    }
    try {
      apt(['install', '-y', '-q', 'chromium'])
    } catch {
      // The package lists may be missing or stale on a fresh machine.
      try {
        apt(['update', '-q'])
        apt(['install', '-y', '-q', 'chromium'])
      } catch {
        // Reported below.
      }
    }
    const installed = candidates().find((p) => existsSync(p))
    if (installed) return installed
  }
  throw new InputError('no Chromium found for the report test, and it could not be installed', {
    hint: 'apt-get install chromium (as root), or set VERISIM_CHROMIUM to a Chromium executable',
  })
}

function canSudo(): boolean {
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 })
    return true
  } catch {
    return false
  }
}
