import { describe, expect, it } from 'vitest';
import { parseSampleEvent, createBody, draftOf, insertAt, lineRange, patchBody, problemText, smsCostText, sourceProblems, templateVariables } from './template-draft';

describe('template drafts', () => {
  it('send only the channel\'s sources; an empty text is derived from html (null on PATCH)', () => {
    const email = draftOf({ name: ' Hi ', channel: 'email', subject: 'S', html: '<p>H</p>' });
    expect(createBody(email)).toEqual({ name: 'Hi', channel: 'email', subject: 'S', html: '<p>H</p>' });
    expect(patchBody(email)).toEqual({ name: 'Hi', channel: 'email', subject: 'S', html: '<p>H</p>', text: null, preheader: null });
    expect(patchBody({ ...email, text: 'Plain', preheader: 'Fresh today' })).toEqual({ name: 'Hi', channel: 'email', subject: 'S', preheader: 'Fresh today', html: '<p>H</p>', text: 'Plain' });
    expect(createBody(draftOf({ name: 'T', channel: 'sms', body: 'Yo' }))).toEqual({ name: 'T', channel: 'sms', body: 'Yo' });
  });

  it('place the API\'s problems at their field and line', () => {
    const problems = sourceProblems([
      { field: 'html', message: 'line 3: unknown variable "customer.frist"' },
      { field: 'html', message: 'loops more than 10000 times in one message (the {{#each}} on line 7): over the render budget' },
      { field: 'subject', message: 'must be a single line' },
      { field: 'name', message: 'is required' },
    ]);
    expect(problems).toEqual({
      html: [
        { line: 3, message: 'unknown variable "customer.frist"' },
        { line: 7, message: 'loops more than 10000 times in one message (the {{#each}} on line 7): over the render budget' },
      ],
      subject: [{ line: null, message: 'must be a single line' }],
    });
    expect(problemText(problems.html)).toBe('line 3: unknown variable "customer.frist"; line 7: loops more than 10000 times in one message (the {{#each}} on line 7): over the render budget');
    expect(problemText(undefined)).toBeUndefined();
  });

  it('find a line\'s character range, clamped to the text', () => {
    const text = 'ab\ncde\n\nf';
    expect(lineRange(text, 1)).toEqual({ from: 0, to: 2 });
    expect(lineRange(text, 2)).toEqual({ from: 3, to: 6 });
    expect(lineRange(text, 3)).toEqual({ from: 7, to: 7 });
    expect(lineRange(text, 9)).toEqual({ from: 8, to: 9 });
  });

  it('insert at the cursor, replacing a selection', () => {
    expect(insertAt('Hi !', 3, 3, '{{customer.firstName}}')).toEqual({ text: 'Hi {{customer.firstName}}!', cursor: 25 });
    expect(insertAt('Hi XX!', 3, 5, '{{a}}')).toEqual({ text: 'Hi {{a}}!', cursor: 8 });
  });

  it('offer links only to email', () => {
    expect(templateVariables('email').some((x) => x.insert === '{{links.unsubscribe}}')).toBe(true);
    expect(templateVariables('sms').some((x) => x.insert.includes('links.'))).toBe(false);
    expect(templateVariables('sms').some((x) => x.insert === '{{event.properties.cartUrl}}')).toBe(true);
    expect(templateVariables('email', ['layout', 'footer']).filter((x) => x.insert.startsWith('{{>')).map((x) => x.insert)).toEqual(['{{> footer}}']);
    expect(templateVariables('sms', ['footer']).some((x) => x.insert.startsWith('{{>'))).toBe(false);
  });

  it('price a send: segments × the cost per segment', () => {
    // 2 × 0.0079 = 0.0158
    expect(smsCostText(2, 0.0079, 'USD')).toBe('$0.0158 per send (2 segments × $0.0079)');
    expect(smsCostText(1, 0.01, 'EUR', 'en-US')).toBe('€0.01 per send (1 segment × €0.01)');
  });
});

describe('the preview\'s sample event', () => {
  it('is the API\'s when empty, a JSON object otherwise', () => {
    expect(parseSampleEvent('  ')).toEqual({});
    expect(parseSampleEvent('{"type":"x","properties":{"cartUrl":"https://a.example"}}')).toEqual({ event: { type: 'x', properties: { cartUrl: 'https://a.example' } } });
    expect(parseSampleEvent('[1]').problem).toMatch(/JSON object/);
    expect(parseSampleEvent('{"type":')).toEqual({ problem: 'is not valid JSON' });
  });
});
