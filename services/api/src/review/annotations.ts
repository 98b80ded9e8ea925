/** What labels need beyond an event's payload. */
export interface AnnotationContext {
  segmentTitles: ReadonlyMap<string, string>;
}

const STATUS_ZH: Record<string, string> = {
  DRAFT: '草稿',
  SCHEDULED: '已排期',
  LIVE: '直播中',
  ENDED: '已结束',
  REVIEWED: '已复盘',
  CANCELLED: '已取消',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * A domain event as a line on the review timeline, in Chinese and English. Events the core does not
 * know (plugins: promotions, draws) fall back to their name, so the timeline stays generic.
 */
export function annotationLabel(
  name: string,
  payload: Record<string, unknown>,
  context: AnnotationContext,
  alertZh: string | null,
  alertEn: string | null,
): [string, string] {
  switch (name) {
    case 'session.started':
      return ['开播', 'Went live'];
    case 'session.ended':
      return ['下播', 'Went off air'];
    case 'session.statusChanged':
      return [
        `状态：${STATUS_ZH[text(payload.from)] ?? text(payload.from)} → ${STATUS_ZH[text(payload.to)] ?? text(payload.to)}`,
        `Status: ${text(payload.from)} → ${text(payload.to)}`,
      ];
    case 'segment.changed': {
      const title = context.segmentTitles.get(text(payload.segmentId));
      return title ? [`切换到环节「${title}」`, `Segment “${title}” on air`] : ['当前环节结束', 'No segment on air'];
    }
    case 'alert.fired':
      return [`告警：${alertZh ?? text(payload.message)}`, `Alert: ${alertEn ?? text(payload.message)}`];
    case 'alert.cleared':
      return [`告警解除：${alertZh ?? ''}`, `Alert cleared: ${alertEn ?? ''}`];
    default:
      return [name, name];
  }
}
