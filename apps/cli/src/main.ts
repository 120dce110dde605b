#!/usr/bin/env node
import { CommanderError } from 'commander';
import { EXIT, describeError } from './errors.js';
import { createProgram } from './program.js';
import { processIo } from './support/output.js';

// A reader that stops early (`hyoka export … | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const io = processIo();
const program = createProgram(io);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed its message (and the help hint); --help and --version end here with code 0
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const { message, exitCode } = describeError(error);
    io.err.write(`hyoka: ${message}\n`);
    process.exitCode = exitCode;
  }
}
