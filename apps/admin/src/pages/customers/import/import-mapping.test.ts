import { describe, expect, it } from 'vitest';
import { choose, headerColumns, mappingParam, mappingProblem, mappingRows, unreadRows } from './import-mapping';

const report = {
  columns: [{ column: 'E-mail', target: 'email', match: 'alias' as const }, { column: 'First Name', target: 'firstName', match: 'exact' as const }],
  ignoredColumns: [{ column: 'Tier', reason: 'unrecognised' as const, message: 'no field is named "Tier"' }],
};

describe('import mapping', () => {
  it('lists read columns first, then the ones not read, with the choices made', () => {
    expect(mappingRows(report, { Tier: 'attributes.tier' })).toEqual([
      { column: 'E-mail', target: 'email', how: 'alias', message: null, choice: '' },
      { column: 'First Name', target: 'firstName', how: 'exact', message: null, choice: '' },
      { column: 'Tier', target: null, how: 'unrecognised', message: 'no field is named "Tier"', choice: 'attributes.tier' },
    ]);
  });

  it('sends only the columns the user changed, ignore as null; nothing when the automatic matching stands', () => {
    let choices = choose({}, 'Tier', ' attributes.tier ');
    choices = choose(choices, 'First Name', 'ignore');
    expect(JSON.parse(mappingParam(choices)!)).toEqual({ Tier: 'attributes.tier', 'First Name': null });
    expect(mappingParam(choose(choose(choices, 'Tier', ''), 'First Name', ''))).toBeUndefined();
  });

  it('finds the API\'s problem for one column, even when its name holds a dot', () => {
    const details = [{ field: 'mapping', message: 'no column maps to externalId, email or phone' }, { field: 'mapping.Email.Consent', message: 'unknown field "x"' }];
    expect(mappingProblem(details, 'Email.Consent')).toBe('unknown field "x"');
    expect(mappingProblem(details, 'Email')).toBeUndefined();
  });
});

describe('header columns', () => {
  it('splits the first line, honouring quotes, a byte order mark and another delimiter', () => {
    expect(headerColumns('\uFEFFEmail,"Name, first","Say ""hi""",\r\nana@example.com,Ana')).toEqual(['Email', 'Name, first', 'Say "hi"']);
    expect(headerColumns('a;b;c\n1;2;3', ';')).toEqual(['a', 'b', 'c']);
  });

  it('lists them as not read yet, with any choices', () => {
    expect(unreadRows(['Mail'], { Mail: 'email' })).toEqual([{ column: 'Mail', target: null, how: 'not read yet', message: null, choice: 'email' }]);
  });
});
