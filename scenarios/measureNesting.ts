/**
 * The first place where `text` nests deeper than `maxDepth` levels, or undefined. It reads the
 * text the way YAML nests it without building anything: block levels by indentation (and
 * `- ` or `key:` opening a level on the same line), flow levels by brackets outside quotes and
 * comments. It is an estimate that can only overcount a scenario a few levels deep, so a limit
 * far above any real scenario refuses what would overflow the parser's stack and nothing else.
 */
export function measureNesting(text: string, maxDepth: number): { line: number; column: number } | undefined {
  const indents: number[] = []
  let flow = 0
  let lineNumber = 0
  for (const line of text.split('\n')) {
    lineNumber++
    const content = line.trimStart()
    if (content === '' || content.startsWith('#')) continue
    const indent = line.length - content.length
    if (flow === 0) {
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop()
      indents.push(indent)
    }
    let inline = 0
    let quote: string | undefined
    for (let i = 0; i < content.length; i++) {
      const c = content[i] as string
      if (quote) {
        if (c === quote) quote = undefined
        continue
      }
      if (c === '"' || c === "'") quote = c
      else if (c === '#' && (i === 0 || content[i - 1] === ' ')) break
      else if (c === '[' || c === '{') flow++
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1)
      else if (flow === 0 && c === '-' && content[i + 1] === ' ') inline++
      else if (flow === 0 && c === ':' && content[i + 1] === ' ') inline++
      if (indents.length + inline + flow > maxDepth) return { line: lineNumber, column: indent + i + 1 }
    }
    // A quote left open spans lines only in flow scalars; do not let it hide the rest.
  }
  return undefined
}
