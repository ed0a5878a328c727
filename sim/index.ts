export type { BaseErrorOptions, ErrorKind } from './errors.ts'
export { BaseError, InputError } from './errors.ts'
export type * from './ports.ts'
