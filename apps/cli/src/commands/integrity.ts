import type { Command } from 'commander';
import type { Io } from '../support/output.js';

export function integrityCommands(_io: Io): Command[] {
  return [];
}
