import { DomainError } from '../../errors/domain-error';
import { applyValue, bindCsvHeader, bindNdjsonKeys, validateMapping, type SourceBinding } from './import-mapping';
import { FirstRows } from './import-rows';

/** "column→target (how)" for each read column, in header order, then the ignored columns with their reasons. */
function summary(bound: SourceBinding): { read: string[]; ignored: string[] } {
  return {
    read: bound.bindings.map((b) => `${b.source}@${b.index}→${b.name} (${b.match})`),
    ignored: bound.ignored.map((i) => `${i.column}: ${i.reason}`),
  };
}

function refusal(work: () => unknown): { code: string; details: { field: string; message: string }[] } {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('bindCsvHeader', () => {
  it('without a mapping reads every recognised column and lists the others', () => {
    const bound = bindCsvHeader(['Email', 'Latitude', 'Longitude', 'Email Consent', 'Notes', ''], undefined);
    expect(summary(bound)).toEqual({
      read: ['Email@0→email (exact)', 'Latitude@1→lat (alias)', 'Longitude@2→lng (alias)', 'Email Consent@3→consent.email (alias)'],
      ignored: ['Notes: unrecognised', ': unrecognised'],
    });
    expect(bound.columns[1]).toEqual({ column: 'Latitude', target: 'lat', match: 'alias' });
    expect(bound.ignored.map((i) => i.message)).toEqual(['not a recognised header; map it to a field, e.g. {"Notes": "attributes.notes"}', 'the column has no header']);
  });

  it('a mapping adds to the matching: its columns win, the rest are matched by name', () => {
    const mapping = validateMapping({ Handy: 'phone', Punkte: 'attributes.points:number' });
    const bound = bindCsvHeader(['Email', 'Phone', 'Handy', 'Punkte', 'Lat', 'Lng'], mapping);
    expect(summary(bound)).toEqual({
      read: ['Email@0→email (exact)', 'Handy@2→phone (explicit)', 'Punkte@3→attributes.points:number (explicit)', 'Lat@4→lat (exact)', 'Lng@5→lng (exact)'],
      ignored: ['Phone: duplicate'],
    });
    expect(bound.ignored[0].message).toBe('phone is read from column "Handy"');
  });

  it('a header repeated: the first column is read, the others are reported', () => {
    expect(summary(bindCsvHeader(['Email', 'email', 'Notes', 'Notes'], undefined))).toEqual({
      read: ['Email@0→email (exact)'], ignored: ['email: duplicate', 'Notes: unrecognised', 'Notes: unrecognised'],
    });
    expect(summary(bindCsvHeader(['Mail', 'Mail', 'x', 'x'], validateMapping({ Mail: 'email', x: null })))).toEqual({
      read: ['Mail@0→email (explicit)'], ignored: ['Mail: duplicate', 'x: dropped', 'x: dropped'],
    });
  });

  it('null or "ignore" drops a column the matching would read', () => {
    const bound = bindCsvHeader(['email', 'phone', 'zip'], validateMapping({ phone: null, zip: ' ignore ' }));
    expect(summary(bound)).toEqual({ read: ['email@0→email (exact)'], ignored: ['phone: dropped', 'zip: dropped'] });
  });

  it('two columns for one field: an exact name beats another spelling, then the leftmost wins', () => {
    expect(summary(bindCsvHeader(['Mobile', 'Phone Number', 'phone', 'Zip', 'postal_code', 'email'], undefined))).toEqual({
      read: ['phone@2→phone (exact)', 'Zip@3→address.postalCode (alias)', 'email@5→email (exact)'],
      ignored: ['Mobile: duplicate', 'Phone Number: duplicate', 'postal_code: duplicate'],
    });
  });

  it('a mapping may map a column the matching does not know, and may rename one it does', () => {
    const bound = bindCsvHeader(['E-mail', 'Name', 'Nr'], validateMapping({ Name: 'firstName', 'E-mail': 'attributes.contact', Nr: 'externalId' }));
    expect(summary(bound).read).toEqual(['E-mail@0→attributes.contact (explicit)', 'Name@1→firstName (explicit)', 'Nr@2→externalId (explicit)']);
    // Without an identity column left, the file cannot be imported.
    expect(refusal(() => bindCsvHeader(['E-mail', 'Name'], validateMapping({ 'E-mail': 'attributes.contact' })))).toEqual({
      code: 'INVALID_MAPPING', details: [{ field: 'mapping', message: 'no column maps to externalId, email or phone' }],
    });
  });

  it('refuses a mapping naming a column the header lacks, or a bad attributes.* header', () => {
    expect(refusal(() => bindCsvHeader(['email'], validateMapping({ Mobile: 'phone', Notes: null })))).toEqual({
      code: 'INVALID_MAPPING',
      details: [
        { field: 'mapping.Mobile', message: 'column "Mobile" is not in the CSV header' },
        { field: 'mapping.Notes', message: 'column "Notes" is not in the CSV header' },
      ],
    });
    expect(refusal(() => bindCsvHeader(['email', 'attributes.bad key'], undefined)).details[0].field).toBe('header.attributes.bad key');
  });
});

describe('validateMapping', () => {
  it('keeps targets and drops, and refuses unknown targets and a field mapped twice', () => {
    expect(validateMapping({ a: 'email', b: null, c: 'ignore' }).dropped).toEqual(['b', 'c']);
    expect(refusal(() => validateMapping({ a: 'email', b: 'mail', c: 'email', d: 'consent.fax' })).details.map((d) => d.field)).toEqual(['mapping.b', 'mapping.c', 'mapping.d']);
  });

  it('NDJSON: the mapping\'s keys are the read columns, its drops the ignored ones', () => {
    const bound = bindNdjsonKeys(validateMapping({ id: 'externalId', junk: null }));
    expect([bound.columns, bound.ignored.map((i) => i.column)]).toEqual([[{ column: 'id', target: 'externalId', match: 'explicit' }], ['junk']]);
    expect(bindNdjsonKeys(undefined)).toEqual({ bindings: [], columns: [], ignored: [] });
  });
});

describe('applyValue for consent columns', () => {
  const consent = (cell: string) => {
    const raw: Record<string, unknown> = {};
    const problems: { field: string; message: string }[] = [];
    applyValue(raw, { kind: 'consent', channel: 'email', path: 'consent.email' }, cell, problems);
    return problems.length > 0 ? 'problem' : ((raw.consent as Record<string, { status: string }> | undefined)?.email?.status ?? 'not given');
  };
  it.each([
    ['yes', 'granted'], ['Yes', 'granted'], ['TRUE', 'granted'], ['1', 'granted'], ['y', 'granted'], ['granted', 'granted'],
    ['Subscribed', 'granted'], ['no', 'denied'], ['False', 'denied'], ['0', 'denied'], ['N', 'denied'], ['denied', 'denied'], ['unsubscribed', 'denied'],
    ['', 'not given'], ['  ', 'not given'], ['maybe', 'problem'], ['2', 'problem'],
  ])('"%s" → %s', (cell, expected) => {
    expect(consent(cell)).toBe(expected);
  });
});

describe('FirstRows', () => {
  it('keeps the smallest row numbers in order, whatever order they arrive in', () => {
    const first = new FirstRows(3);
    for (const row of [5, 9, 2, 7, 1, 8]) first.add(row);
    expect(first.rows).toEqual([1, 2, 5]);
  });
});
