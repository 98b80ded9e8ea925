import { describe, expect, it } from 'vitest';
import { createHostInput, emptyHostForm, hostFormValues, minutesOf, parseFollowers, readAccounts, readAvailability, readHostForm, updateHostInput, weeklyHours, windowRows } from './host-form.js';
import type { HostProfile } from './host-documents.js';

const xiaoya: HostProfile = {
  id: 'SG9zdDox',
  name: '小雅 Xiaoya',
  avatarUrl: null,
  styleTags: ['亲和', '专业测评'],
  audienceTags: ['学生党'],
  languages: ['zh-CN'],
  costPerHour: { amount: 800_000, currency: 'CNY' },
  totalFollowers: 1_570_000,
  member: null,
  platformAccounts: [{ platform: 'DOUYIN', handle: '@xiaoya_beauty', followers: 1_250_000 }],
  availability: [
    { weekday: 1, startMinute: 1080, endMinute: 1440, startTime: '18:00', endTime: '24:00' },
    { weekday: 3, startMinute: 600, endMinute: 720, startTime: '10:00', endTime: '12:00' },
  ],
};

describe('host profile form', () => {
  it('builds createHost input without empty optional fields', () => {
    const read = readHostForm({ ...emptyHostForm(), name: ' 阿杰 ', styleTags: '幽默，成分党', languages: 'zh-CN, en', costPerHour: '3,500' }, 'CNY');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(createHostInput(read.input)).toEqual({ name: '阿杰', styleTags: ['幽默', '成分党'], audienceTags: [], languages: ['zh-CN', 'en'], costPerHourAmount: 350_000 });
  });

  it('clears the avatar and member on update when they are emptied', () => {
    const values = { ...hostFormValues({ ...xiaoya, avatarUrl: 'https://cdn.example.com/x.png', member: { id: 'TWVtYmVyOjI=', displayName: 'x', email: 'x@e.com' } }), avatarUrl: '', memberId: '' };
    const read = readHostForm(values, 'CNY');
    expect(read.ok && updateHostInput(xiaoya.id, read.input)).toEqual({
      id: xiaoya.id, name: '小雅 Xiaoya', avatarUrl: null, memberId: null, styleTags: ['亲和', '专业测评'], audienceTags: ['学生党'], languages: ['zh-CN'], costPerHourAmount: 800_000,
    });
  });

  it('refuses a missing name, a non-http avatar, a bad fee and a bad language code', () => {
    expect(readHostForm({ ...emptyHostForm(), name: '', avatarUrl: 'javascript:alert(1)', costPerHour: '12.345', languages: 'zh-CN, 中文' }, 'CNY')).toEqual({
      ok: false,
      problems: { name: 'required', avatarUrl: 'url', costPerHour: 'money', languages: 'language' },
    });
  });
});

describe('platform accounts', () => {
  it('understands follower counts as operators write them', () => {
    expect(parseFollowers('1,250,000')).toBe(1_250_000);
    expect(parseFollowers('125万')).toBe(1_250_000);
    expect(parseFollowers('3.2w')).toBe(32_000);
    expect(parseFollowers('12k')).toBe(12_000);
    expect(parseFollowers('')).toBe(0);
    expect(parseFollowers('1.5')).toBeNull();
    expect(parseFollowers('many')).toBeNull();
  });

  it('flags empty handles, bad counts and the same account twice', () => {
    const read = readAccounts([
      { platform: 'DOUYIN', handle: '@xiaoya', followers: '10万' },
      { platform: 'DOUYIN', handle: ' @XIAOYA ', followers: '1' },
      { platform: 'XIAOHONGSHU', handle: '@xiaoya', followers: 'lots' },
      { platform: 'KUAISHOU', handle: '  ', followers: '' },
    ]);
    expect(read).toEqual({ ok: false, problems: { 1: { handle: 'duplicate' }, 2: { followers: 'wholeNumber' }, 3: { handle: 'required' } } });
    expect(readAccounts([{ platform: 'DOUYIN', handle: ' @a ', followers: '2k' }])).toEqual({ ok: true, input: [{ platform: 'DOUYIN', handle: '@a', followers: 2000 }] });
  });
});

describe('availability', () => {
  it('reads times, with 00:00 or 24:00 as the end of the day', () => {
    expect(minutesOf('18:30')).toBe(1110);
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('00:00', true)).toBe(1440);
    expect(minutesOf('24:00', true)).toBe(1440);
    expect(minutesOf('24:00')).toBeNull();
    expect(minutesOf('7:75')).toBeNull();
  });

  it('round-trips the stored windows through the editor rows', () => {
    const rows = windowRows(xiaoya.availability);
    expect(rows).toEqual([
      { weekday: 1, start: '18:00', end: '00:00' },
      { weekday: 3, start: '10:00', end: '12:00' },
    ]);
    const read = readAvailability(rows);
    expect(read.ok && read.input).toEqual(xiaoya.availability.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })));
    expect(weeklyHours(xiaoya.availability)).toBe(8);
  });

  it('orders the input by day and start and remembers which row each came from', () => {
    const read = readAvailability([
      { weekday: 5, start: '19:00', end: '23:00' },
      { weekday: 2, start: '14:00', end: '16:00' },
      { weekday: 2, start: '09:00', end: '11:00' },
    ]);
    expect(read).toEqual({
      ok: true,
      input: [
        { weekday: 2, startMinute: 540, endMinute: 660 },
        { weekday: 2, startMinute: 840, endMinute: 960 },
        { weekday: 5, startMinute: 1140, endMinute: 1380 },
      ],
      rowOf: [2, 1, 0],
    });
  });

  it('refuses bad times, backwards windows and overlaps within a day', () => {
    const read = readAvailability([
      { weekday: 1, start: '18:00', end: '22:00' },
      { weekday: 1, start: '21:00', end: '23:00' },
      { weekday: 2, start: '21:00', end: '20:00' },
      { weekday: 3, start: '', end: '20:00' },
      { weekday: 2, start: '18:00', end: '22:00' },
    ]);
    expect(read).toEqual({ ok: false, problems: { 1: 'overlap', 2: 'order', 3: 'time' } });
  });
});
