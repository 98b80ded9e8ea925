import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, readDraft } from './segment-draft.js';

const saved = {
  kind: 'PRODUCT_PITCH' as const,
  title: '口红专场',
  plannedDurationSeconds: 1500,
  products: [{ id: 'p1' }, { id: 'p2' }],
  talkingPoints: ['黄皮显白色号试色'],
  cues: [{ atSeconds: 600, text: '上链接 #01' }],
};

describe('segment editor drafts', () => {
  it('shows a saved segment with typed-style durations and reads it back unchanged', () => {
    const draft = draftOf(saved);
    expect(draft).toEqual({ kind: 'PRODUCT_PITCH', title: '口红专场', duration: '25:00', productIds: ['p1', 'p2'], talkingPoints: ['黄皮显白色号试色'], cues: [{ at: '10:00', text: '上链接 #01' }] });
    const read = readDraft(draft);
    expect(read).toEqual({ ok: true, fields: { kind: 'PRODUCT_PITCH', title: '口红专场', plannedDurationSeconds: 1500, productIds: ['p1', 'p2'], talkingPoints: ['黄皮显白色号试色'], cues: [{ atSeconds: 600, text: '上链接 #01' }] } });
  });

  it('drops blank talking points and cue rows and sorts cues by time', () => {
    const read = readDraft({
      ...emptyDraft('FLASH_SALE'),
      title: ' 精华秒杀 ',
      duration: '15',
      talkingPoints: [' 限量300瓶 ', '', '  '],
      cues: [{ at: '0:30', text: '放库存 300' }, { at: '', text: '' }, { at: '0:00', text: '上链接' }],
    });
    expect(read.ok && read.fields).toEqual({ kind: 'FLASH_SALE', title: '精华秒杀', plannedDurationSeconds: 900, productIds: [], talkingPoints: ['限量300瓶'], cues: [{ atSeconds: 0, text: '上链接' }, { atSeconds: 30, text: '放库存 300' }] });
  });

  it('reports a missing title, a bad duration and cues that are unreadable, empty or past the end', () => {
    const read = readDraft({ ...emptyDraft(), title: '', duration: '10:99', cues: [{ at: 'soon', text: 'x' }, { at: '1:00', text: '' }] });
    expect(read).toEqual({ ok: false, problems: [{ field: 'title', code: 'required' }, { field: 'duration', code: 'format' }, { field: 'cue', index: 0, code: 'time' }, { field: 'cue', index: 1, code: 'text' }] });
    const late = readDraft({ ...emptyDraft(), title: 'Q&A', duration: '5:00', cues: [{ at: '5:00', text: 'ok' }, { at: '5:01', text: '太晚' }] });
    expect(late).toEqual({ ok: false, problems: [{ field: 'cue', index: 1, code: 'afterEnd' }] });
    expect(readDraft({ ...emptyDraft(), title: 'x', duration: '0:00' })).toEqual({ ok: false, problems: [{ field: 'duration', code: 'format' }] });
  });
});
