import argon2 from 'argon2';
import type { Argon2Config } from '../config.js';

/** argon2id only; the cost comes from the configuration (tests lower memory, never the algorithm). */
export class PasswordHasher {
  constructor(private readonly cost: Argon2Config) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost });
  }

  /** false for a wrong password or a hash that is not argon2id */
  async verify(hash: string, password: string): Promise<boolean> {
    if (!hash.startsWith('$argon2id$')) return false;
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
