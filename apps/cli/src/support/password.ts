import { PASSWORD_LIMITS } from '@hyoka/domain';
import argon2 from 'argon2';
import { CliError } from '../errors.js';
import type { Io } from './output.js';
import type { Argon2Cost } from './settings.js';

/** argon2id with the API's cost, so the API verifies what the CLI hashed. */
export function hashPassword(password: string, cost: Argon2Cost): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

// The limits are the domain's password policy (the API applies the same); the messages here are bilingual.
export function checkPassword(password: string): string {
  if (password.length < PASSWORD_LIMITS.min) {
    throw new CliError(`パスワードは${PASSWORD_LIMITS.min}文字以上にしてください / the password needs at least ${PASSWORD_LIMITS.min} characters`);
  }
  if (password.length > PASSWORD_LIMITS.max) {
    throw new CliError(`パスワードが長すぎます / the password is longer than ${PASSWORD_LIMITS.max} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    throw new CliError('パスワードに制御文字は使えません / the password may not contain control characters');
  }
  return password;
}

/**
 * A new password, never from the command line (it would stay in the shell history and the process list): typed twice
 * at a hidden prompt when standard input is a terminal, else the first line of standard input.
 */
export async function readNewPassword(io: Io): Promise<string> {
  if (io.in.isTTY && typeof io.in.setRawMode === 'function') {
    const first = await promptHidden(io, '新しいパスワード / new password: ');
    checkPassword(first);
    const second = await promptHidden(io, 'もう一度 / again: ');
    if (first !== second) throw new CliError('パスワードが一致しません / the two passwords differ');
    return first;
  }
  const text = await readAll(io.in);
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  if (firstLine === '') {
    throw new CliError(
      'パスワードを標準入力から渡してください (例: printf "%s\\n" "$PW" | hyoka …) / pass the password on standard input',
    );
  }
  return checkPassword(firstLine);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(io: Io, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = io.in as NodeJS.ReadStream;
    let value = '';
    io.err.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      io.err.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('中止しました / cancelled', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
