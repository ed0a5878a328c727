/**
 * A duration for a progress line: `42s`, `3m05s`, `2h07m`. The seconds are rounded up once,
 * before splitting into units, so a value just under a minute or an hour never prints as
 * `1m60s` or `1h60m`.
 */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  const m = Math.ceil(s / 60)
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
