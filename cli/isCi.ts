/**
 * Whether the process runs in CI, from the CI variable: `CI=false`, `CI=0` and an empty `CI=`
 * are how people switch it off (in a .env file, or to see the terminal progress bar), so only
 * other values count.
 */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase()
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}
