/** A row's model name as reports print it: "vad.onnx", or "vad.onnx [batch 8]" for an input variant. */
export function rowLabel(row: { model: { name: string }; variant: string | null }): string {
  return row.variant ? `${row.model.name} [${row.variant}]` : row.model.name;
}
