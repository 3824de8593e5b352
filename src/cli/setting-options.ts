/** The settings table's rows as commander options: flag, placeholder, short alias, help, default. */
import { Option } from 'commander';
import type { CommandName } from '../config/setting-row.js';
import { SETTING_ROWS } from '../config/settings-table.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options of `command`, in table order; `defaults`: the command's own defaults where they differ (shown in --help; null: none). */
export function settingOptions(command: CommandName, defaults: Partial<Record<string, string | null>> = {}): Option[] {
  return SETTING_ROWS.filter((row) => row.commands.includes(command)).map((row) => {
    const flags = `${row.short ? `${row.short}, ` : ''}${row.flag}${row.placeholder ? ` ${row.placeholder}` : ''}`;
    const option = new Option(flags, row.helpFor?.[command] ?? row.help);
    if (row.repeatable) option.argParser(collect);
    // The default shows in --help; only flags the user typed override WTB_* and the config file.
    // null: this command has no default (compare's --inconclusive follows the new run's).
    const defaultText = defaults[row.key] === null ? undefined : (defaults[row.key] ?? row.defaultText);
    // A repeatable option's values are collected onto its default: show it, and let the
    // command's own defaults layer supply it (ab's --max-regression 5%).
    if (defaultText !== undefined && !row.defaultInHelp) option.default(row.repeatable ? undefined : defaultText, row.repeatable ? defaultText : undefined);
    return option;
  });
}
