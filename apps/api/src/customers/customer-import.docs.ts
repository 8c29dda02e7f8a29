import { CONSENT_WORDS, IMPORT_DEFAULTS, IMPORT_HEADER_TARGETS } from '@localreach/core';

/** The recognised CSV headers as a Markdown list, from the list the matcher uses. */
function recognisedHeaders(): string {
  return IMPORT_HEADER_TARGETS.map(({ target, aliases }) => `- \`${target}\`: ${aliases.map((a) => `"${a}"`).join(', ')}`).join('\n');
}

/** The OpenAPI description of POST /v1/customers/import. */
export const IMPORT_ROUTE_DESCRIPTION = [
  'Rows match existing customers like the upsert (externalId, then email, then phone). An import never clears a stored value: ' +
    'empty cells and nulls mean "not given"; attributes and address are merged field by field and tags are added, whereas the ' +
    'customer API replaces address and tags. Bad rows are reported (row, field, code, reason) and do not stop the others.',
  '',
  '**Conflicts.** A row is not applied, and is reported with both customer ids, when its identifiers belong to two different customers ' +
    '(`IDENTITY_CONFLICT`), or when the customer it matched holds a different externalId, email or phone (`IDENTIFIER_CHANGE`): an import ' +
    'fills a missing identifier but never overwrites one, so a shared phone cannot hand one person\'s record to another. ' +
    `\`matches\` lists which row updated which customer and by which identifiers (the first ${IMPORT_DEFAULTS.maxMatches}).`,
  '',
  '**Columns.** CSV headers are matched to fields by name, ignoring case, spaces, `_`, `-` and `.`: each field\'s own name ' +
    '("first_name", "First Name", "consent.sms", "address.postal_code") or one of the spellings below. `attributes.<key>[:string|number|boolean]` ' +
    'headers fill attributes. `?mapping` adds to this matching: an entry wins for the column it names, and `null` or `"ignore"` drops a column. ' +
    'When two columns would fill one field, the mapped one wins, then an exact name over another spelling, then the leftmost. ' +
    'Every column not read is listed in `ignoredColumns` with the reason; `columns` says how each read column was matched.',
  '',
  recognisedHeaders(),
  '',
  `Consent cells: ${CONSENT_WORDS.granted.map((w) => `"${w}"`).join(', ')} grant; ${CONSENT_WORDS.denied.map((w) => `"${w}"`).join(', ')} deny (any case); ` +
    'an empty cell leaves consent as it is. Tags are split on `;` or `|`.',
  '',
  `**Dry run.** \`?dryRun=true\` reads, validates and matches the whole file and answers with what an import would do now (counts, ` +
    `columns, ignored columns, matches, errors) plus \`preview\`: the first ${IMPORT_DEFAULTS.previewRows} rows as they would be stored, ` +
    'with their errors. Nothing is written.',
  '',
  'NDJSON lines are customers in the API shape; `?mapping` converts or drops the keys it names.',
].join('\n');

/** One example per upload format (the decorators can give only one example for every media type). */
export const IMPORT_BODY_EXAMPLES: Readonly<Record<string, string>> = {
  'text/csv': 'Email,Mobile,First Name,Latitude,Longitude,Email Consent\nana@example.com,+13125550123,Ana,41.88,-87.63,yes\n',
  'application/x-ndjson':
    '{"email":"ana@example.com","phone":"+13125550123","firstName":"Ana","lat":41.88,"lng":-87.63,"consent":{"email":{"status":"granted","source":"import"}}}\n' +
    '{"externalId":"pos-10043","email":"ben@example.com","tags":["vip"]}\n',
};
