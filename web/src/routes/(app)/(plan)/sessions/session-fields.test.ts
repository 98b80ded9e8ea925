import { describe, expect, it } from 'vitest';
import { changedFields, scheduleOf, valuesOf } from './session-fields.js';

const zone = 'Asia/Shanghai';
const saved = valuesOf(
  { title: '双十二主场', platform: 'DOUYIN', scheduledStart: '2026-11-27T12:00:00.000Z', scheduledEnd: '2026-11-27T15:00:00.000Z', campaign: { id: 'c1' }, roomUrl: null },
  zone,
);

describe('session form values', () => {
  it('shows a saved session in the organization zone', () => {
    expect(saved).toEqual({ title: '双十二主场', platform: 'DOUYIN', start: '2026-11-27T20:00', end: '2026-11-27T23:00', campaignId: 'c1', roomUrl: '' });
    expect(scheduleOf(saved, zone)).toEqual({ start: '2026-11-27T12:00:00.000Z', end: '2026-11-27T15:00:00.000Z', minutes: 180 });
    expect(scheduleOf({ start: '2026-11-27T20:00', end: '' }, zone).minutes).toBeNull();
  });

  it('sends only what changed, unlinking the campaign with null and clearing the room with an empty string', () => {
    expect(changedFields(saved, { ...saved }, zone)).toEqual({});
    expect(changedFields(saved, { ...saved, title: ' 双十二主场 ' }, zone)).toEqual({});
    expect(changedFields(saved, { ...saved, end: '2026-11-27T23:30', campaignId: '', platform: 'KUAISHOU' }, zone)).toEqual({
      scheduledEnd: '2026-11-27T15:30:00.000Z',
      campaignId: null,
      platform: 'KUAISHOU',
    });
    const withRoom = { ...saved, roomUrl: 'https://live.douyin.com/1' };
    expect(changedFields(withRoom, { ...withRoom, roomUrl: '' }, zone)).toEqual({ roomUrl: '' });
  });
});
