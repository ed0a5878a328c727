import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'runs/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each test file that touches anvil or onnxruntime starts its own processes; two at a time
    // matches the two cores CI has.
    maxWorkers: 2,
  },
})
