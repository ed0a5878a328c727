// Thread entry for peakMatMulWorker.ts: on Node 20 tsx's hooks reach a worker's require() but
// not its entry point, so this plain script loads the TypeScript file.
require('./peakMatMulWorker.ts')
