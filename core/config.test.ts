import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.secureCookies).toBe(false);
    expect(config.exportDir).toBe(path.join(config.dataDir, 'exports'));
    expect(loadConfig({ MINSHENG_EXPORT_DIR: '/srv/minsheng/exports' }).exportDir).toBe('/srv/minsheng/exports');
  });

  it('reads MINSHENG_SECURE_COOKIES as a switch', () => {
    for (const on of ['true', '1', 'YES', ' on ']) expect(loadConfig({ MINSHENG_SECURE_COOKIES: on }).secureCookies).toBe(true);
    for (const off of ['false', '0', 'no', '']) expect(loadConfig({ MINSHENG_SECURE_COOKIES: off }).secureCookies).toBe(false);
  });

  it('reads MINSHENG_TRUST_PROXY as on, a hop count or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ MINSHENG_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ MINSHENG_TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(loadConfig({ MINSHENG_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ MINSHENG_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1, 10.0.0.0/8');
    expect(() => loadConfig({ MINSHENG_TRUST_PROXY: 'the proxy' })).toThrow(/MINSHENG_TRUST_PROXY/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ MINSHENG_SECURE_COOKIES: 'perhaps' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINSHENG_SECURE_COOKIES: 'perhaps' })).toThrow(/MINSHENG_SECURE_COOKIES/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('treats a blank DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });
});
