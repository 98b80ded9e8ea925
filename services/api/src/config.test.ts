import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, roleFromArgs } from './config.js';

describe('loadConfig', () => {
  it('uses defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir.endsWith('.data')).toBe(true);
    expect(config.logLevel).toBe('info');
  });

  it('names the variable and the problem in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT="eighty" is invalid: /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL="mysql:\/\/x" is invalid: must be a postgres/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL="loud" is invalid/);
  });

  it('takes a redis:// URL for realtime across processes and refuses anything else in one line', () => {
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig({ REDIS_URL: 'http://cache' })).toThrow(/^REDIS_URL="http:\/\/cache" is invalid: must be a redis:\/\/ or rediss:\/\/ URL$/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
  });
});

describe('roleFromArgs', () => {
  it('takes --role from the command line over the ROLE variable, in either spelling', () => {
    expect(loadConfig({}).role).toBe('all');
    expect(roleFromArgs([], loadConfig({ ROLE: 'worker' }).role)).toBe('worker');
    expect(roleFromArgs(['--role', 'api'], 'worker')).toBe('api');
    expect(roleFromArgs(['--role=worker'], 'all')).toBe('worker');
  });

  it('refuses an unknown or missing role in one line naming the flag', () => {
    expect(() => roleFromArgs(['--role', 'bogus'], 'all')).toThrow(/^--role "bogus" is invalid: must be one of api, worker, all$/);
    expect(() => roleFromArgs(['--role'], 'all')).toThrow(/^--role "" is invalid/);
    expect(() => loadConfig({ ROLE: 'boss' })).toThrow(/^ROLE="boss" is invalid/);
  });
});
