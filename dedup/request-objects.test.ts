import { describe, expect, it } from 'vitest';
import { compareFingerprints, createDedupIndex, fingerprint } from './index.js';
import { requestMask, requestObjects, requestsDiffer } from './request-objects.js';

// Messages written for these tests (not taken from the shared data): one crossing, two requests.
const lights = {
  title: '再次呼吁在路口安装红绿灯',
  content: '在建设路与和平大街交叉路口（百货大楼旁）至今没有安装红绿灯，每天早晚高峰大货车和私家车抢行，行人过马路十分危险，再次呼吁交警部门在此处尽快安装红绿灯，以免发生事故。',
};
const cameras = {
  title: '再次呼吁在路口安装红绿灯摄像头',
  content: '在建设路与和平大街交叉路口（百货大楼旁）红绿灯处没有安装摄像头，每天早晚高峰大货车和私家车抢行，行人过马路十分危险，再次呼吁交警部门在此处尽快安装摄像头，以免发生事故。',
};
// The lights letter again, reworded with another name for the same facility.
const lightsAgain = {
  title: '呼吁在路口设置信号灯',
  content: '在建设路与和平大街交叉路口（百货大楼旁）至今没有设置信号灯，每天早晚高峰大货车和私家车抢行，行人过马路十分危险，再次呼吁交警部门在此处尽快安装交通信号灯，以免发生事故。',
};

describe('requestObjects', () => {
  it('takes the facility a request verb acts on, by class, and the head of a compound', () => {
    expect(requestObjects(`${lights.title}。${lights.content}`)).toEqual(['信号灯']);
    expect(requestObjects(`${lightsAgain.title}。${lightsAgain.content}`)).toEqual(['信号灯']);
    // 红绿灯摄像头 is a camera; 红绿灯处 is where it goes, not what is asked for.
    expect(requestObjects(`${cameras.title}。${cameras.content}`)).toEqual(['监控']);
    expect(requestObjects('希望尽快加装一个監控探頭和维修路灯')).toEqual(['监控', '路灯']);
  });
  it('takes the facilities a fault report names: what it wants mended', () => {
    expect(requestObjects('路灯不亮，红绿灯也坏了')).toEqual(['信号灯', '路灯']);
    expect(requestObjects('5号楼下水道堵了一个星期了')).toEqual(['下水道']);
    expect(requestObjects('3号楼电梯经常出故障')).toEqual(['电梯']);
  });
  it('ignores facilities that are neither asked for nor reported broken', () => {
    expect(requestObjects('红绿灯处没有安装摄像头，路灯下很多人')).toEqual(['监控']);
    expect(requestObjects('新修建的道路没有垃圾箱')).toEqual([]);
    expect(requestObjects('装修期间乘电梯上楼，楼下就有路灯')).toEqual([]);
    expect(requestObjects('')).toEqual([]);
  });
  it('differs only when both ask for facilities and share none', () => {
    const differ = (a: string[], b: string[]) => requestsDiffer(requestMask(a), requestMask(b));
    expect(differ(['信号灯'], ['监控'])).toBe(true);
    expect(differ(['信号灯'], ['监控', '信号灯'])).toBe(false);
    expect(differ([], ['监控'])).toBe(false);
    expect(differ(['不知道'], ['监控'])).toBe(false);
    expect(requestsDiffer(undefined, requestMask(['监控']))).toBe(false);
  });
});

describe('different-request veto', () => {
  it('keeps apart letters under one generic title with one stock ending that report different faults (QA, third round)', () => {
    // Written for this test: neighbours' letters, one template, another building and another fault each.
    const title = '关于阳光花园小区的问题';
    const lift = fingerprint({ title, content: '阳光花园小区3号楼电梯坏了一个星期了，老人上下楼很困难，物业一直不修，请有关部门督促。' });
    const light = fingerprint({ title, content: '阳光花园小区8号楼门口路灯坏了一个星期了，晚上出行很困难，物业一直不修，请有关部门督促。' });
    const drain = fingerprint({ title, content: '阳光花园小区5号楼下水道堵了一个星期了，污水漫到路上，物业一直不修，请有关部门督促。' });
    const liftAgain = fingerprint({ title, content: '阳光花园小区3号楼电梯坏了一个多星期了，老人上下楼很困难，物业一直不修，请有关部门尽快督促。' });
    expect(compareFingerprints(lift, light).duplicate).toBe(false);
    expect(compareFingerprints(lift, drain).duplicate).toBe(false);
    expect(compareFingerprints(lift, liftAgain).duplicate).toBe(true);
    // Without the faults they would be linked: only what each reports keeps them apart.
    expect(compareFingerprints(lift, { ...light, requests: [] }).duplicate).toBe(true);
  });

  it('keeps apart a follow-up asking for cameras instead of lights, and links a reword asking for the same', () => {
    const [a, b, c] = [fingerprint(lights), fingerprint(cameras), fingerprint(lightsAgain)];
    expect(b.requests).toEqual(['监控']);
    const apart = compareFingerprints(a, b);
    // Similar enough to be linked by the ordinary rule: only the request keeps them apart.
    expect(apart.jaccard).toBeGreaterThanOrEqual(0.55);
    expect(apart.duplicate).toBe(false);
    expect(compareFingerprints(a, { ...b, requests: [] }).duplicate).toBe(true);
    expect(compareFingerprints(a, c).duplicate).toBe(true);

    const index = createDedupIndex();
    index.add('lights', a);
    expect(index.findDuplicate(b)).toBeNull();
    expect(index.findDuplicate(c)?.id).toBe('lights');
  });
});
