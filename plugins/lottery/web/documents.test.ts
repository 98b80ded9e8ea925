// @vitest-environment node
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, visit } from 'graphql';
import { describe, expect, test } from 'vitest';
import * as documents from './control-room-documents.js';
import { overlayDocuments } from './overlay-documents.js';

const all: [string, string][] = [
  ['overlay query', overlayDocuments.query],
  ['overlay subscription', overlayDocuments.subscription],
  ['control room query', documents.controlRoomDocuments.query],
  ['control room subscription', documents.controlRoomDocuments.subscription],
  ['session status query', documents.sessionStatusDocuments.query],
  ['session status subscription', documents.sessionStatusDocuments.subscription],
  ...[documents.createGiveaway, documents.openGiveaway, documents.closeGiveaway, documents.drawGiveaway, documents.redrawGiveaway, documents.cancelGiveaway, documents.updateWinner].map(
    (mutation): [string, string] => [mutation.field, mutation.document],
  ),
];

describe('GraphQL documents', () => {
  test.each(all)('%s parses, and defines each fragment it spreads exactly once', (_name, document) => {
    const defined: string[] = [];
    const spread = new Set<string>();
    visit(parse(document), {
      FragmentDefinition: (node) => void defined.push(node.name.value),
      FragmentSpread: (node) => void spread.add(node.name.value),
    });
    expect(new Set(defined).size).toBe(defined.length);
    expect(new Set(defined)).toEqual(spread);
  });

  // The printed schema is the installed server's (the core with its configured plugins, the lottery among them).
  const printed = readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
  test('every document is valid against the printed schema', () => {
    const schema = buildSchema(printed);
    for (const [name, document] of all) {
      expect(validate(schema, parse(document)).map((error) => `${name}: ${error.message}`)).toEqual([]);
    }
  });
});
