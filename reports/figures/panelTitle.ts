/** Plotly's axis-name suffix of panel i: the first panel's axes are x and y, the next x2 and y2. */
export const axisSuffix = (i: number) => (i === 0 ? '' : String(i + 1))

/** A small multiple's title: a text centred above panel i, in that panel's axis domain. */
export function panelTitle(text: string, i: number): object {
  return {
    text,
    showarrow: false,
    xref: `x${axisSuffix(i)} domain`,
    yref: `y${axisSuffix(i)} domain`,
    x: 0.5,
    y: 1,
    yanchor: 'bottom',
    font: { size: 13 },
  }
}
