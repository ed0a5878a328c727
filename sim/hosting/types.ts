/** Which kind of node holds models: a host serves them, a verifier checks them. */
export type NodeRole = 'host' | 'verifier'

/** What placement and residency need of a catalog model: its share of demand and its footprint. */
export type HostedModel = { share: number; bytes: number }
