import { InputError } from '../../errors/index.ts'

/**
 * Requesters arrived by virtual time t under Bass diffusion (Bass 1969): m·F(t) with
 *
 *   F(t) = (1 − e^−(p+q)t) / (1 + (q/p)·e^−(p+q)t),
 *
 * the solution of f = (p + q·F)(1 − F), F(0) = 0: a potential adopter arrives at rate p on its
 * own plus q times the share already arrived. 1 − e^−x is taken as −expm1(−x) so F keeps its
 * precision when (p + q)·t is tiny, as it is for per-second rates early in a run.
 */
export function bassAdopters(p: number, q: number, m: number, t: number): number {
  if (!(Number.isFinite(p) && p > 0))
    throw new InputError(`Bass innovation p must be a finite number > 0, got ${p}`, {
      hint: 'p is a rate per virtual second, e.g. 1.16e-8 (0.03 per 30 days)',
    })
  if (!(Number.isFinite(q) && q >= 0))
    throw new InputError(`Bass imitation q must be a finite number >= 0, got ${q}`, {
      hint: 'q is a rate per virtual second, e.g. 1.47e-7 (0.38 per 30 days), or 0',
    })
  if (!(Number.isFinite(m) && m >= 1))
    throw new InputError(`Bass market size m must be a finite number >= 1, got ${m}`, {
      hint: 'e.g. m: 8000',
    })
  if (!(t >= 0))
    throw new InputError(`Bass time must be >= 0 seconds, got ${t}`, { hint: 'time runs from 0' })
  const decay = Math.exp(-(p + q) * t)
  return (m * -Math.expm1(-(p + q) * t)) / (1 + (q / p) * decay)
}
