import { describe, expect, it } from 'vitest';
import { checkDraftAddress, checkResolvedAddress, isRefusedIp } from './source-draft-address.js';

describe('isRefusedIp', () => {
  it('refuses link-local and cloud metadata addresses, not loopback or private ones', () => {
    for (const ip of ['169.254.169.254', '169.254.0.1', '169.254.255.255', 'fe80::1', 'febf::1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '100.100.100.200', 'fd00:ec2::254']) expect(isRefusedIp(ip), ip).toBe(true);
    for (const ip of ['127.0.0.1', '::1', '10.0.0.1', '172.16.5.4', '192.168.1.1', 'fd12::1', '100.100.100.201', '169.255.0.1', '8.8.8.8', 'fec0::1', 'localhost']) expect(isRefusedIp(ip), ip).toBe(false);
  });
});

describe('checkDraftAddress', () => {
  it('answers an allowed address normalised, and refuses the others naming the field', () => {
    expect(checkDraftAddress(' http://10.1.2.3/信箱/list.html ', '列表页网址')).toBe('http://10.1.2.3/%E4%BF%A1%E7%AE%B1/list.html');
    expect(() => checkDraftAddress('file:///etc/passwd', '列表页网址')).toThrow('列表页网址应以 http:// 或 https:// 开头：file:///etc/passwd');
    expect(() => checkDraftAddress('http://a:b@example.gov.cn/', '列表页网址')).toThrow('列表页网址不能包含用户名或密码');
    expect(() => checkDraftAddress('http://0251.0376.0251.0376/', '列表页网址')).toThrow('列表页网址指向 169.254.169.254');
  });

  it('refuses a host name any of whose addresses is refused; passes one that does not resolve', async () => {
    const resolve = async (host: string) => {
      if (host === 'gone.example') throw new Error('ENOTFOUND');
      return host === 'meta.example' ? ['10.0.0.8', 'fe80::a'] : ['10.0.0.8'];
    };
    await expect(checkResolvedAddress('http://meta.example/', '网站页面地址', resolve)).rejects.toThrow('网站页面地址的域名 meta.example 解析为 fe80::a');
    await expect(checkResolvedAddress('http://intranet.example/', '网站页面地址', resolve)).resolves.toBe('http://intranet.example/');
    await expect(checkResolvedAddress('http://gone.example/', '网站页面地址', resolve)).resolves.toBe('http://gone.example/');
  });
});
