import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn } from '../db/columns.js';
import { Organization } from '../organizations/organization.entity.js';
import { PLATFORMS } from '../shared/enums.js';

/** A platform connector allowed to post signed batches to `POST /ingest/{sourceId}` (an integration token). */
export const IngestSource = defineEntity({
  name: 'IngestSource',
  tableName: 'ingest_sources',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    name: p.string().length(200),
    platform: p.enum(PLATFORMS).nativeEnumName('platform'),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Once set, every request of the source is refused. */
    revokedAt: p.datetime().nullable(),
  },
});
export type IngestSource = InferEntity<typeof IngestSource>;

/**
 * A signing key of a source. Unlike bearer tokens, the secret is stored as it was handed to the
 * owner: HMAC verification needs the plain key, so a hash would be useless. It is readable only by
 * the ingestion pipeline, never through the API after creation. A source may have several valid
 * secrets at once while a rotation's grace period runs.
 */
export const IngestSourceSecret = defineEntity({
  name: 'IngestSourceSecret',
  tableName: 'ingest_source_secrets',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    source: () => p.manyToOne(IngestSource).mapToPk().index().deleteRule('cascade'),
    secret: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Null: valid until revoked; set by a rotation to the end of its grace period. */
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type IngestSourceSecret = InferEntity<typeof IngestSourceSecret>;
