/**
 * One CSV cell (RFC 4180): empty for a missing value, JSON for an object, quoted when it holds
 * a comma, quote or newline. Numbers print as JavaScript's shortest round-trip form, so the same
 * value always gives the same bytes.
 */
export function formatCsvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
