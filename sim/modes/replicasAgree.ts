import { outputsAgree } from '../outputsAgree.ts'

/**
 * Whether two replicas' final outputs agree. A forward model's output is activations, compared
 * within the tolerance; a decoder's is its generated token ids, where a relative tolerance is
 * meaningless (at 5e-3, ids of 199 and up would agree with their neighbours): the same tokens or
 * not, exactly. `exact`: both ran deterministic kernels on the same hardware class
 * (protocol.exact), so their bits must be identical.
 */
export function replicasAgree(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  tolerance: number,
  generating: boolean,
  exact = false,
): boolean {
  return outputsAgree(a, b, generating || exact ? 0 : tolerance)
}
