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
    expect(config.backupDir).toBe(path.join(config.dataDir, 'backups'));
    expect(config.backupKeep).toBe(14);
    expect(loadConfig({ MINSHENG_BACKUP_DIR: '/srv/minsheng/backups', MINSHENG_BACKUP_KEEP: '0' })).toMatchObject({ backupDir: '/srv/minsheng/backups', backupKeep: 0 });
    expect(() => loadConfig({ MINSHENG_BACKUP_KEEP: '-1' })).toThrow(/MINSHENG_BACKUP_KEEP/);
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

  it('holds MINSHENG_ADMIN_PASSWORD to the rule of an account password, naming the variable', () => {
    expect(loadConfig({ MINSHENG_ADMIN_PASSWORD: '' }).adminPassword).toBeUndefined();
    expect(loadConfig({ MINSHENG_ADMIN_PASSWORD: 'abcd1234' }).adminPassword).toBe('abcd1234');
    expect(() => loadConfig({ MINSHENG_ADMIN_PASSWORD: 'abc1234' })).toThrow('配置项 MINSHENG_ADMIN_PASSWORD 无效：应至少 8 个字符');
    expect(() => loadConfig({ MINSHENG_ADMIN_PASSWORD: 'x'.repeat(201) })).toThrow(/MINSHENG_ADMIN_PASSWORD 无效/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ MINSHENG_SECURE_COOKIES: 'perhaps' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINSHENG_SECURE_COOKIES: 'perhaps' })).toThrow(/MINSHENG_SECURE_COOKIES/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('refuses a DATABASE_URL or REDIS_URL of another kind, saying the form expected', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow('配置项 DATABASE_URL 无效：应为 postgresql://用户@主机:端口/数据库');
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL 无效/);
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow('配置项 REDIS_URL 无效：应为 redis://主机:端口/库号');
    expect(() => loadConfig({ REDIS_URL: '127.0.0.1:6379' })).toThrow(ConfigError);
    // a path that is no database number: ioredis sent SELECT NaN and the process died with a stack trace
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/abc' })).toThrow('配置项 REDIS_URL 无效：库号应为整数');
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/minsheng' })).toThrow(ConfigError);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/' }).redisUrl).toBe('redis://127.0.0.1:6379/');
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'rediss://h:6380/2' })).toMatchObject({ databaseUrl: 'postgres://u@h:5432/d', redisUrl: 'rediss://h:6380/2' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/d?schema=s', REDIS_URL: 'redis://127.0.0.1:6379/7' }).redisUrl).toBe('redis://127.0.0.1:6379/7');
  });

  it('treats a blank DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });
});
