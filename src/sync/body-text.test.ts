import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyToText, decodeEntities, htmlToText, textToHtml, tidyText } from './body-text';

describe('htmlToText', () => {
  it.each([
    ['<html><head><style>p{color:red}</style><title>x</title></head><body><p>Buy milk</p></body></html>', 'Buy milk'],
    ['<div>line one</div><div>line two</div>', 'line one\nline two'],
    ['a<br>b<br/>c<BR />d', 'a\nb\nc\nd'],
    ['<p>a</p><p></p><p></p><p></p><p>b</p>', 'a\n\nb'],
    ['<ul><li>one</li><li>two</li></ul>', 'one\ntwo'],
    ['Fish &amp; chips &lt;3 &quot;hot&quot; &#39;now&#39; &#x1F600; &nbsp;x', 'Fish & chips <3 "hot" \'now\' 😀 x'],
    ['&lt;b&gt;not bold&lt;/b&gt;', '<b>not bold</b>'],
    ['<!-- hidden -->shown<script>alert(1)</script>', 'shown'],
    ['<p>wrapped\r\nsource   lines</p>', 'wrapped source lines'],
    ['&unknown; &#0; stays', '&unknown; &#0; stays'],
    ['', ''],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('bodyToText', () => {
  it.each([
    [{ content: 'plain\r\nnotes  ', contentType: 'text' }, 'plain\nnotes'],
    [{ content: '<p>x &amp; y</p>', contentType: 'html' }, 'x & y'],
    [{ content: '<p>x</p>', contentType: 'HTML' }, 'x'],
    [{ content: null, contentType: 'text' }, ''],
    [null, ''],
    [undefined, ''],
  ])('%j → %j', (body, text) => {
    expect(bodyToText(body)).toBe(text);
  });
});

describe('text ↔ html', () => {
  it('textToHtml escapes markup and keeps lines', () => {
    expect(textToHtml('a < b & "c"\nnext')).toBe('a &lt; b &amp; &quot;c&quot;<br>next');
  });

  it('plain text written as HTML reads back as the same tidy text', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'Z', '<', '>', '&', '"', "'", ';', '#', 'é', '😀', ' ') });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = tidyText(lines.map((l) => l.replace(/ +/g, ' ').trim()).join('\n'));
        expect(htmlToText(textToHtml(text))).toBe(text);
      }),
    );
  });

  it('decodeEntities leaves plain text alone', () => {
    expect(decodeEntities('no entities here')).toBe('no entities here');
  });
});
