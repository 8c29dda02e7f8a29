import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search-as-you-type and sorted keyset pages over customers, with no extension
 * (no pg_trgm, no unaccent), so any PostgreSQL 14+ runs it.
 *
 * `localreach_search_fold(text)` is an immutable SQL function (inlined by the
 * planner) that makes text case- and accent-insensitive: NFKD, combining marks
 * (U+0300–U+036F) dropped, letters that do not decompose mapped (ø→o, ł→l,
 * đ→d, ħ→h, ı→i, ß→ss, æ→ae, œ→oe, þ→th), curly apostrophes made straight,
 * Cyrillic and Greek capitals mapped to small letters, then lower() (ASCII on
 * a C-locale database, the locale's own case mapping otherwise), runs of white
 * space made one space, trimmed; NULL when nothing is left. Printable ASCII
 * skips the Unicode steps (the same result, about 4× cheaper). A database whose
 * encoding is not UTF-8 cannot normalize(), so it gets lower() and white space
 * only.
 *
 * Stored generated columns hold the folded keys, `COLLATE "C"` so one btree
 * serves both the prefix LIKE (a range scan) and ORDER BY, in an order that
 * does not depend on the server's locale (code point order):
 * - `first_name_key`: first name, a space, last name ("ana lopez"): sorts by
 *   first name then last name, and its prefixes find a first name or a full
 *   name ("ana lo");
 * - `last_name_key`: last name, a space, first name: sorts by last name then
 *   first name, and its prefixes find a last name (or "lopez an");
 * - `email_key`: the email (stored lower-cased);
 * - `phone_digits`: the E.164 phone's digits ("13125550123").
 * The three sort keys are never NULL: a customer without that field gets
 * U+10FFFF, after every real key, so a missing value sorts last ascending and
 * first descending and a keyset cursor is one row comparison.
 *
 * The indexes are partial (`erased_at IS NULL`, as every list reads) and end
 * with `id`, the tie-breaker of every sort. The keys keep 1,000-bucket
 * statistics so the planner sees how many customers a prefix holds.
 */
const SENTINEL = `E'\\U0010FFFF'`;

const range = (from: number, to: number, delta: number): [string, string][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [String.fromCodePoint(from + i), String.fromCodePoint(from + i + delta)]);

/** One-to-one replacements applied before lower(): letters NFKD leaves whole, then Cyrillic and Greek capitals. */
const LETTERS: [string, string][] = [
  ['Ø', 'o'], ['ø', 'o'], ['Đ', 'd'], ['đ', 'd'], ['Ł', 'l'], ['ł', 'l'], ['Ħ', 'h'], ['ħ', 'h'], ['ı', 'i'],
  ['ʼ', "'"], ['‘', "'"], ['’', "'"], ['ẞ', 'ß'], ['Æ', 'æ'], ['Œ', 'œ'], ['Þ', 'þ'],
  ...range(0x0410, 0x042f, 0x20), ...range(0x0400, 0x040f, 0x50), ...range(0x0391, 0x03a1, 0x20), ...range(0x03a3, 0x03a9, 0x20), ['ς', 'σ'],
];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function foldFunctionSql(utf8: boolean): string {
  const unicode = utf8
    ? `replace(replace(replace(replace(
         translate(regexp_replace(normalize(value, NFKD), '[\\u0300-\\u036f]', '', 'g'), ${literal(LETTERS.map((l) => l[0]).join(''))}, ${literal(LETTERS.map((l) => l[1]).join(''))}),
         'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th')`
    : 'value';
  // Not STRICT: a STRICT SQL function whose body is not strict (nullif) is not inlined.
  return `
    CREATE FUNCTION localreach_search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT nullif(btrim(regexp_replace(lower(CASE WHEN value ~ '^[ -~]*$' THEN value ELSE ${unicode} END), '\\s+', ' ', 'g')), '')
    $$`;
}

export class CustomerSearch1765500000000 implements MigrationInterface {
  name = 'CustomerSearch1765500000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ server_encoding: encoding }] = await q.query(`SELECT current_setting('server_encoding') AS server_encoding`);
    await q.query(foldFunctionSql(encoding === 'UTF8'));
    await q.query(`
      ALTER TABLE customer
        ADD COLUMN first_name_key text COLLATE "C" NOT NULL GENERATED ALWAYS AS
          (coalesce(localreach_search_fold(first_name || ' ' || coalesce(last_name, '')), ${SENTINEL})) STORED,
        ADD COLUMN last_name_key text COLLATE "C" NOT NULL GENERATED ALWAYS AS
          (coalesce(localreach_search_fold(last_name || ' ' || coalesce(first_name, '')), ${SENTINEL})) STORED,
        ADD COLUMN email_key text COLLATE "C" NOT NULL GENERATED ALWAYS AS (coalesce(email, ${SENTINEL})) STORED,
        ADD COLUMN phone_digits text COLLATE "C" GENERATED ALWAYS AS (regexp_replace(phone, '[^0-9]', '', 'g')) STORED`);
    // Prefix estimates come from the histogram: 100 buckets over a million near-unique keys put a name held by 1 % of
    // customers inside one bucket, estimated at a handful of rows, and the planner then reads thousands of rows to sort.
    await q.query(`
      ALTER TABLE customer ALTER COLUMN first_name_key SET STATISTICS 1000, ALTER COLUMN last_name_key SET STATISTICS 1000,
        ALTER COLUMN email_key SET STATISTICS 1000, ALTER COLUMN phone_digits SET STATISTICS 1000`);
    await q.query(`CREATE INDEX customer_list_created_idx ON customer (business_id, created_at, id) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX customer_list_first_name_idx ON customer (business_id, first_name_key, id) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX customer_list_last_name_idx ON customer (business_id, last_name_key, id) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX customer_list_email_idx ON customer (business_id, email_key, id) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX customer_list_phone_idx ON customer (business_id, phone_digits, id) WHERE erased_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['customer_list_created_idx', 'customer_list_first_name_idx', 'customer_list_last_name_idx', 'customer_list_email_idx', 'customer_list_phone_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`ALTER TABLE customer DROP COLUMN first_name_key, DROP COLUMN last_name_key, DROP COLUMN email_key, DROP COLUMN phone_digits`);
    await q.query(`DROP FUNCTION localreach_search_fold(text)`);
  }
}
