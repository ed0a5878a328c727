export type JunitCase = {
  suite: string
  name: string
  /** true holds; false violated; null could not be evaluated (counts as a failure). */
  holds: boolean | null
  detail: string
  seconds: number
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  )

/** JUnit XML as CI systems read it: one testsuite per scenario file, one testcase per invariant and point. */
export function formatJunit(cases: readonly JunitCase[]): string {
  const suites = new Map<string, JunitCase[]>()
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c])
  const failures = cases.filter((c) => c.holds !== true).length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="verisim check" tests="${cases.length}" failures="${failures}">`,
  ]
  for (const [suite, list] of suites) {
    const failed = list.filter((c) => c.holds !== true).length
    const time = list.reduce((a, c) => a + c.seconds, 0)
    lines.push(
      `  <testsuite name="${escapeXml(suite)}" tests="${list.length}" failures="${failed}" time="${time.toFixed(3)}">`,
    )
    for (const c of list) {
      const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(c.name)}" time="${c.seconds.toFixed(3)}"`
      if (c.holds === true) lines.push(`${open}/>`)
      else {
        const kind = c.holds === false ? 'invariant violated' : 'invariant could not be evaluated'
        lines.push(
          `${open}>`,
          `      <failure message="${escapeXml(kind)}">${escapeXml(c.detail)}</failure>`,
          '    </testcase>',
        )
      }
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
