/** What the settings table says about one setting. */
import type { z } from 'zod';

/** Measurement settings decide what is measured and judged; output settings where the result goes. */
export type SettingKind = 'measurement' | 'output' | 'invocation';

/** The commands whose options the table declares. */
export type CommandName = 'run' | 'compare' | 'merge' | 'ab' | 'profile';

export interface SettingRow<Value extends z.ZodType = z.ZodType, Field extends string | null = string | null> {
  flag: `--${string}`;
  short?: `-${string}`;
  /** The value's placeholder in --help ("<n>"); null for a switch. */
  placeholder: string | null;
  /** Given once per value (--kpi a --kpi b); a WTB_* variable holds the values comma-separated. */
  repeatable?: true;
  env: `WTB_${string}` | null;
  /** The config-file key that sets it, which also names it in --print-config; null: none. */
  fileKey: string | null;
  /** The key's form in the config file; null when another row declares the key, or there is none. */
  fileForm: z.ZodType | null;
  /** A file value is a path, relative to the file (or, given a test, a value that passes it). */
  pathInFile?: true | ((value: string) => boolean);
  /** A flag or WTB_* string, or the file form → the typed value; null: handled by the command itself. */
  value: Value | null;
  /** The default as typed on the command line (shown by --help); its value is the parsed text. */
  defaultText?: string;
  /** The value when nothing sets it and there is no default text (null, false, an empty table). */
  unset?: z.output<Value>;
  /** The default is shown in the help text instead (it depends on other settings). */
  defaultInHelp?: true;
  help: string;
  /** A command's own wording where `help` speaks of run's (profile writes a document, not reports). */
  helpFor?: Partial<Record<CommandName, string>>;
  /** More for docs/configuration.md than --help has room for. */
  docNote?: string;
  commands: readonly CommandName[];
  kind: SettingKind;
  /** The RunConfig field it fills; null: it is a part of another row's field (`partOf`) or none. */
  field: Field;
  /** Set by another row's flag too: its origins show on that row in --print-config. */
  partOf?: string;
  /** Tables: each layer's entries are laid over the lower layers' instead of replacing them. */
  mergesAcrossLayers?: true;
  /** The key its origins are kept under when it has no config-file key of its own. */
  originKey?: string;
  /** Left out of --print-config. */
  notPrinted?: true;
}

/** Keeps each row's own types (its flag, value schema and field), which an annotation would widen. */
export function setting<const Row extends SettingRow<z.ZodType, string | null>>(row: Row): Row {
  return row;
}
