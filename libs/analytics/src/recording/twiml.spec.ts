import { escapeXml, twimlResponse } from './twiml';

describe('twimlResponse', () => {
  it('is an empty Response without a reply', () => {
    expect(twimlResponse(null)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  });

  it('escapes the reply text', () => {
    expect(twimlResponse('Maple & Crumb <Downtown>: call "us"')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Maple &amp; Crumb &lt;Downtown&gt;: call &quot;us&quot;</Message></Response>',
    );
  });

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u001fc\nd\te')).toBe('abc\nd\te');
  });
});
