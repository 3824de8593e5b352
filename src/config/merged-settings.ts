/** The layered values of a run's settings, read one setting at a time with its default and source. */
import type { LayeredValues, LayerValue } from './layered-values.js';
import { givenDuration } from './setting-values.js';
import { SETTINGS, SETTING_ROWS, type ResolvableKey, type SettingValue } from './settings-table.js';

/** Reads the merged values: each setting's value, default, label and the text it was given as. */
export class MergedSettings {
  constructor(private readonly values: LayeredValues) {}

  private top<Key extends ResolvableKey>(key: Key): LayerValue<SettingValue<Key>> | undefined {
    return this.values[key]?.at(-1) as LayerValue<SettingValue<Key>> | undefined;
  }

  isSet(key: ResolvableKey): boolean {
    return this.top(key) !== undefined;
  }

  /** The value the highest layer set, else undefined. */
  given<Key extends ResolvableKey>(key: Key): SettingValue<Key> | undefined {
    return this.top(key)?.value;
  }

  /** The value, else the row's default (its default text, parsed) or its unset value. */
  value<Key extends ResolvableKey>(key: Key): SettingValue<Key> {
    const top = this.top(key);
    if (top) return top.value;
    const row = SETTINGS[key] as { defaultText?: string; unset?: unknown; value: { parse(input: unknown): unknown } };
    // A copy: the table's empty tables must not be shared by every config.
    return (row.defaultText === undefined ? structuredClone(row.unset) : row.value.parse(row.defaultText)) as SettingValue<Key>;
  }

  /** Every layer's entries of a table setting, lowest layer first. */
  entries<Key extends ResolvableKey>(key: Key): SettingValue<Key> extends readonly (infer Entry)[] ? Entry[] : never {
    return (this.values[key] ?? []).flatMap((layer) => layer.value as unknown[]) as never;
  }

  /** Every layer's value of a table setting with where that layer set it, lowest layer first. */
  layers<Key extends ResolvableKey>(key: Key): LayerValue<SettingValue<Key>>[] {
    return (this.values[key] ?? []) as LayerValue<SettingValue<Key>>[];
  }

  /** How messages name it: where it was set ("WTB_MIN_TIME", "minTime in x.json"), else its flag. */
  label(key: ResolvableKey): string {
    return this.top(key)?.where.label ?? SETTINGS[key].flag;
  }

  /** How messages name `other` in the layer `key` was set in: its flag, variable or file key. */
  partnerLabel(key: ResolvableKey, other: ResolvableKey): string {
    const where = this.top(key)?.where;
    const row = SETTING_ROWS.find((candidate) => candidate.key === other);
    if (where?.layer === 'file' && row?.fileKey) return `${row.fileKey} in ${where.file}`;
    if (where?.layer === 'env' && row?.env) return row.env;
    return row?.flag ?? other;
  }

  /** A duration as its source wrote it ("5s", "5000ms" for a file's number), else the value in ms. */
  durationText(key: 'minTime' | 'maxTime', valueMs: number): string {
    const given = this.top(key)?.given;
    return given === undefined ? `${valueMs}ms` : givenDuration(given as string | number);
  }
}
