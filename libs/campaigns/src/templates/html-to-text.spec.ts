import { decodeEntities, htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it.each([
    ['a link as "text (url)", its entities decoded', '<p>Visit <a href="https://shop.example/x?a=1&amp;b=2">our shop</a> today</p>', 'Visit our shop (https://shop.example/x?a=1&b=2) today'],
    ['a link whose text is its url once', '<a href="https://shop.example">https://shop.example</a>', 'https://shop.example'],
    ['a mailto link by its address', 'Write to <a href="mailto:hi@shop.example">hi@shop.example</a>.', 'Write to hi@shop.example.'],
    ['a link without text by its url', '<a href="https://shop.example/logo"><img src="logo.png" alt="Logo"></a>', 'https://shop.example/logo'],
    ['an anchor link by its text', '<a href="#top">Back to top</a>', 'Back to top'],
    ['a link with markup inside and single-quoted href', "<a class='btn' href='https://s.example/c'>\n  <strong>Shop</strong>\n  now\n</a>", 'Shop now (https://s.example/c)'],
    ['source newlines and indentation as single spaces', '<p>Hello\n      there,\n\tfriend</p>', 'Hello there, friend'],
    ['<br> as a line break', '<p>See you soon,<br>The team<br/>x</p>', 'See you soon,\nThe team\nx'],
    ['paragraphs and headings separated by one blank line', '<h1>Title</h1><p>One</p>\n\n\n<p>Two</p>', 'Title\n\nOne\n\nTwo'],
    ['nested blocks without piling up blank lines', '<div><div><table><tr><td><p>Deep</p></td></tr></table></div></div><div>Next</div>', 'Deep\n\nNext'],
    ['list items as "- item"', '<p>Menu:</p><ul>\n <li>Bread</li>\n <li>Cake</li>\n</ul><p>End</p>', 'Menu:\n\n- Bread\n- Cake\n\nEnd'],
    ['table cells side by side', '<table><tr><td>Total</td><td>$5.00</td></tr><tr><th>Tax</th><td>$0.40</td></tr></table>', 'Total $5.00\n\nTax $0.40'],
    ['head, style, script and comments dropped', '<html><head><title>T</title><style>p{color:red}</style></head><body><!-- hidden --><script>x()</script><p>Shown</p></body></html>', 'Shown'],
    ['escaped text decoded once', '<p>Tom &amp; Jerry&#x27;s &lt;b&gt; &amp;lt; &#x3D; &#96; caf&eacute;&nbsp;&rsquo;</p>', "Tom & Jerry's <b> &lt; = ` caf&eacute; ’"],
  ])('keeps %s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('decodeEntities', () => {
  it.each([
    ['&#128512; &#x1F600;', '😀 😀'],
    ['&#0; &#x110000; &bogus;', '&#0; &#x110000; &bogus;'],
    ['&AMP; &middot;', '& ·'],
  ])('decodes %s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});
