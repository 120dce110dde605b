import type { Command } from 'commander';
import type { Io } from './output.js';
import { settingsFrom, type GlobalOptions, type Settings } from './settings.js';

/** What every command's action gets: its options merged with the global ones, the settings, and where to write. */
export interface RunContext<O> {
  options: O & GlobalOptions;
  settings: Settings;
  io: Io;
}

/**
 * Wraps an action: reads the options (with the global ones) and the settings. Errors propagate to main, which prints
 * them in one place (describeError) and sets the exit code.
 */
export function run<O, A extends unknown[]>(
  io: Io,
  body: (ctx: RunContext<O>, ...args: A) => Promise<number | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.optsWithGlobals<O & GlobalOptions>();
    const settings = settingsFrom(options, io.env, io.cwd);
    const code = await body({ options, settings, io }, ...(args.slice(0, -2) as A));
    if (typeof code === 'number' && code !== 0) process.exitCode = code;
  };
}
