import type { Scenario } from './schema.ts'

type Variant = Scenario['hosts']['variant']

/**
 * The cheats the engine can make for a scenario's model, and a name for that kind of model to
 * put in errors. A file model's graph is unknown, so only cheats that need no layer structure
 * apply (int8 rounds its weights, noise runs nothing); decoder files likewise keep only the
 * changes to the generation loop (engine/run/generate.ts), which run on the honest graphs.
 */
export function listRunnableCheats(model: Scenario['model']): { kind: string; cheats: readonly Variant[] } {
  if ('file' in model) return { kind: 'an .onnx model file', cheats: ['int8', 'noise'] }
  if ('decoder' in model)
    return { kind: 'a decoder from files', cheats: ['kv8', 'truncate', 'reseed', 'bias'] }
  if (model.builtin === 'decoder')
    return { kind: 'a decoder', cheats: ['skip', 'substitute', 'int4', 'kv8', 'truncate', 'reseed', 'bias'] }
  return { kind: `a built-in ${model.builtin}`, cheats: ['skip', 'int8', 'substitute', 'noise'] }
}
