/** The settings table's rows as commander options: flag, placeholder, short alias, help, default. */
import { Option } from 'commander';
import type { CommandName } from '../config/setting-row.js';
import { SETTING_ROWS } from '../config/settings-table.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options of `command`, in table order. */
export function settingOptions(command: CommandName): Option[] {
  return SETTING_ROWS.filter((row) => row.commands.includes(command)).map((row) => {
    const flags = `${row.short ? `${row.short}, ` : ''}${row.flag}${row.placeholder ? ` ${row.placeholder}` : ''}`;
    const option = new Option(flags, row.help);
    if (row.repeatable) option.argParser(collect);
    // The default shows in --help; only flags the user typed override WTB_* and the config file.
    if (row.defaultText !== undefined && !row.defaultInHelp) option.default(row.defaultText);
    return option;
  });
}
