import type { EntityManager } from '@mikro-orm/core';
import type { AudienceAccess, CoreLiveSession, CoreSegment, ViewerFacts } from '@broadcart/plugin-sdk';
import { arrayParameter } from '../db/sql-literals.js';

interface ViewerRow {
  id: string;
  region: string | null;
  followed_at: Date | null;
  fan_club_at: Date | null;
  blocked: boolean;
}

interface VisitRow {
  viewer_id: string;
  kind: 'VIEWER_JOINED' | 'VIEWER_LEFT';
  occurred_at: Date;
}

function run<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/**
 * Seconds between each join and the next leave, per viewer, up to `at` (an open visit counts up
 * to `at`). A second join without a leave in between continues the same visit.
 */
export function watchedSeconds(visits: readonly VisitRow[], at: Date): Map<string, number> {
  const totals = new Map<string, number>();
  const openSince = new Map<string, number>();
  const end = at.getTime();
  for (const visit of visits) {
    const time = new Date(visit.occurred_at).getTime();
    if (time > end) continue;
    if (visit.kind === 'VIEWER_JOINED') {
      if (!openSince.has(visit.viewer_id)) openSince.set(visit.viewer_id, time);
    } else {
      const since = openSince.get(visit.viewer_id);
      if (since === undefined) continue;
      totals.set(visit.viewer_id, (totals.get(visit.viewer_id) ?? 0) + (time - since) / 1000);
      openSince.delete(visit.viewer_id);
    }
  }
  for (const [viewerId, since] of openSince) totals.set(viewerId, (totals.get(viewerId) ?? 0) + (end - since) / 1000);
  return totals;
}

/**
 * The core's audience data as plugins may read it (capability `audience:read`): a few read-only
 * statements over `viewers`, `audience_events` and `hosts`, always scoped to one organization.
 */
export function createAudienceAccess(): AudienceAccess {
  return {
    async viewerFacts(em, { organizationId, sessionId, viewerIds, at }) {
      const facts = new Map<string, ViewerFacts>();
      if (!viewerIds.length) return facts;
      const until = at ?? new Date();
      const ids = arrayParameter(viewerIds);
      const [viewers, visits, buyers] = await Promise.all([
        run<ViewerRow>(em, `select id, region, followed_at, fan_club_at, blocked from viewers where organization_id = ? and id = any(?::uuid[])`, [organizationId, ids]),
        run<VisitRow>(
          em,
          `select viewer_id, kind, occurred_at from audience_events
            where session_id = ? and organization_id = ? and viewer_id = any(?::uuid[]) and kind in ('VIEWER_JOINED', 'VIEWER_LEFT') and occurred_at <= ?
            order by viewer_id, occurred_at, seq`,
          [sessionId, organizationId, ids, until],
        ),
        // A viewer bought when one of their paid orders was not refunded in full by `at`. As in the
        // live metrics, a refund without an amount refunds the whole order.
        run<{ viewer_id: string }>(
          em,
          `select distinct paid.viewer_id from audience_events paid
             left join lateral (
               select bool_or(r.amount is null) as whole, coalesce(sum(r.amount), 0) as amount from audience_events r
                where r.organization_id = paid.organization_id and r.order_id = paid.order_id and r.kind = 'ORDER_REFUNDED' and r.occurred_at <= ?
             ) refunded on true
            where paid.session_id = ? and paid.organization_id = ? and paid.kind = 'ORDER_PAID' and paid.viewer_id = any(?::uuid[]) and paid.occurred_at <= ?
              and not coalesce(refunded.whole, false)
              and refunded.amount < coalesce((select max(c.amount) from audience_events c
                             where c.organization_id = paid.organization_id and c.order_id = paid.order_id and c.kind = 'ORDER_CREATED'), 1)`,
          [until, sessionId, organizationId, ids, until],
        ),
      ]);
      const watched = watchedSeconds(visits, until);
      const bought = new Set(buyers.map((row) => row.viewer_id));
      for (const viewer of viewers) {
        facts.set(viewer.id, {
          viewerId: viewer.id,
          follower: viewer.followed_at !== null && new Date(viewer.followed_at) <= until,
          fanClubMember: viewer.fan_club_at !== null && new Date(viewer.fan_club_at) <= until,
          blocked: viewer.blocked,
          region: viewer.region,
          watchedSeconds: Math.floor(watched.get(viewer.id) ?? 0),
          purchasedInSession: bought.has(viewer.id),
        });
      }
      return facts;
    },

    async session(em, organizationId, sessionId): Promise<CoreLiveSession | null> {
      if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
      const [row] = await run<{ id: string; organization_id: string; title: string; status: string; campaign_id: string | null; scheduled_start: Date | null; actual_start: Date | null; actual_end: Date | null }>(
        em,
        `select id, organization_id, title, status, campaign_id, scheduled_start, actual_start, actual_end from live_sessions where id = ? and organization_id = ?`,
        [sessionId, organizationId],
      );
      return row
        ? { id: row.id, organization: row.organization_id, title: row.title, status: row.status, campaign: row.campaign_id, scheduledStart: row.scheduled_start, actualStart: row.actual_start, actualEnd: row.actual_end }
        : null;
    },

    async segment(em, organizationId, segmentId): Promise<CoreSegment | null> {
      if (!/^[0-9a-f-]{36}$/i.test(segmentId)) return null;
      const [row] = await run<{ id: string; organization_id: string; session_id: string; title: string }>(
        em,
        `select id, organization_id, session_id, title from segments where id = ? and organization_id = ?`,
        [segmentId, organizationId],
      );
      return row ? { id: row.id, organization: row.organization_id, session: row.session_id, title: row.title } : null;
    },

    async staffViewerIds(em, organizationId) {
      // Staff are the organization's hosts, known by their platform accounts.
      const rows = await run<{ id: string }>(
        em,
        `select distinct v.id from viewers v
           join hosts h on h.organization_id = v.organization_id
           cross join lateral jsonb_array_elements(h.platform_accounts::jsonb) as account
          where v.organization_id = ? and account->>'platform' = v.platform::text and account->>'handle' = v.platform_user_id`,
        [organizationId],
      );
      return new Set(rows.map((row) => row.id));
    },
  };
}
