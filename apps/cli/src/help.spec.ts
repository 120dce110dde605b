import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { VERSION, createProgram } from './program.js';
import { hyoka } from './testing/cli.js';

function io() {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  err.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return { io: { out, err, in: new PassThrough(), env: {}, cwd: process.cwd() }, text: () => ({ stdout, stderr }) };
}

function paths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...paths(sub, [...prefix, sub.name()])]);
}

const HAS_JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('hyoka --help', () => {
  const all = paths(createProgram(io().io));

  it('lists every command the issue asks for', () => {
    const names = all.map((p) => p.join(' '));
    for (const expected of [
      'users list', 'users create', 'users grant', 'users revoke', 'users disable', 'users enable', 'users set-password',
      'plan import', 'plan revise schedule', 'plan revise add', 'plan revise retire', 'plan revise rename',
      'projections rebuild', 'verify', 'digest', 'check-digest', 'export audit-log', 'backup', 'restore', 'copy',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it.each(all.map((p) => [p.join(' '), p] as const))('%s --help prints its usage with Japanese and English and ends with code 0', async (_name, path) => {
    const { io: streams, text } = io();
    const program = createProgram(streams);
    const error = await program.parseAsync(['node', 'hyoka', ...path, '--help']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(0);
    const { stdout } = text();
    expect(stdout).toContain(`Usage: hyoka ${path.join(' ')}`);
    expect(stdout).toMatch(HAS_JAPANESE);
    expect(stdout).toMatch(/[a-z]{4,} [a-z]{2,}/);
    expect(stdout).toContain('--help');
  });

  it('the launcher npm links as node_modules/.bin/hyoka runs the built CLI', async () => {
    const launcher = fileURLToPath(new URL('../bin/hyoka.mjs', import.meta.url));
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      execFile(process.execPath, [launcher, '--version'], (error, stdout) =>
        error && typeof error.code !== 'number' ? reject(error) : resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n` });
  });

  it('the built binary answers --help with code 0 and a usage error with code 2', async () => {
    const help = await hyoka(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hyoka');
    expect(help.stdout).toContain('exit codes');
    const wrong = await hyoka(['users', 'create']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("required option '--name <displayName>' not specified");
    const unknown = await hyoka(['frobnicate']);
    expect(unknown.code).toBe(2);
    // there is no way to pass a password on the command line
    const argvPassword = await hyoka(['users', 'create', 'someone', '--name', 'x', '--password', 'secret-pass']);
    expect(argvPassword.code).toBe(2);
    expect(argvPassword.stderr).toContain("unknown option '--password'");
  });
});
