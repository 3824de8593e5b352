/** What a file reporter knows of the run beside the report itself. */
export interface RenderContext {
  /** File names (no folder) of every report file of this run, this one included. */
  files: readonly string[];
}
