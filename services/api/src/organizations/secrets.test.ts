import { describe, expect, it } from 'vitest';
import { createTokenSecret, hashPassword, hashToken, verifyPassword } from './secrets.js';

describe('secrets', () => {
  it('hashes passwords with argon2id and verifies only the right one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('creates distinct token secrets and stores only a digest', () => {
    const a = createTokenSecret('bct');
    const b = createTokenSecret('bct');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^bct_[A-Za-z0-9_-]{43}$/);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });
});
