/**
 * What a new password must be, wherever one is set (the API, the CLI, the first start): a length (NIST SP 800-63B asks
 * for length, not composition rules) and no control characters. The domain itself only ever sees argon2id hashes.
 */
export const PASSWORD_LIMITS = { min: 8, max: 1024 } as const;

/** Why a new password is refused (Japanese), or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_LIMITS.min) return `パスワードは${PASSWORD_LIMITS.min}文字以上にしてください`;
  if (password.length > PASSWORD_LIMITS.max) return `パスワードは${PASSWORD_LIMITS.max}文字以内にしてください`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'パスワードに制御文字は使えません';
  return null;
}
