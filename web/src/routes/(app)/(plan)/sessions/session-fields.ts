import { instantFromZonedInput, zonedInputValue } from '$lib/i18n/format.js';
import type { PlatformKey } from '$lib/platforms/platform-names.js';

/** What the session forms edit: wall times (datetime-local values) in the organization's zone. */
export interface SessionFieldValues {
  title: string;
  platform: PlatformKey;
  start: string;
  end: string;
  campaignId: string;
  roomUrl: string;
}

export interface SessionSchedule {
  start: string | null;
  end: string | null;
  /** Minutes from start to end; null while either is not a valid time. */
  minutes: number | null;
}

export function scheduleOf(values: Pick<SessionFieldValues, 'start' | 'end'>, timeZone: string): SessionSchedule {
  const start = instantFromZonedInput(values.start, timeZone);
  const end = instantFromZonedInput(values.end, timeZone);
  return { start, end, minutes: start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : null };
}

/** The form values of a saved session. */
export function valuesOf(
  session: { title: string; platform: PlatformKey; scheduledStart: string; scheduledEnd: string; campaign: { id: string } | null; roomUrl: string | null },
  timeZone: string,
): SessionFieldValues {
  return {
    title: session.title,
    platform: session.platform,
    start: zonedInputValue(session.scheduledStart, timeZone),
    end: zonedInputValue(session.scheduledEnd, timeZone),
    campaignId: session.campaign?.id ?? '',
    roomUrl: session.roomUrl ?? '',
  };
}

export interface SessionChanges {
  title?: string;
  platform?: PlatformKey;
  scheduledStart?: string;
  scheduledEnd?: string;
  campaignId?: string | null;
  roomUrl?: string;
}

/**
 * The `updateSession` fields that differ from the saved session: untouched fields are left out
 * (the schedule cannot move once the show is live, so an unchanged one must not be sent), an
 * emptied campaign is null (unlinks) and an emptied room URL is '' (clears).
 */
export function changedFields(saved: SessionFieldValues, edited: SessionFieldValues, timeZone: string): SessionChanges {
  const changes: SessionChanges = {};
  if (edited.title.trim() !== saved.title) changes.title = edited.title.trim();
  if (edited.platform !== saved.platform) changes.platform = edited.platform;
  const before = scheduleOf(saved, timeZone);
  const after = scheduleOf(edited, timeZone);
  if (after.start && after.start !== before.start) changes.scheduledStart = after.start;
  if (after.end && after.end !== before.end) changes.scheduledEnd = after.end;
  if (edited.campaignId !== saved.campaignId) changes.campaignId = edited.campaignId || null;
  if (edited.roomUrl.trim() !== saved.roomUrl) changes.roomUrl = edited.roomUrl.trim();
  return changes;
}
