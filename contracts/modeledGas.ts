export const modeledGas = {} as const
