import { describe, it, expect } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, stripIllegalXmlChars, xmlAttributes } from '../../src/reporters/xml.js';

describe('stripIllegalXmlChars', () => {
  it('removes ANSI colour sequences entirely, not just the ESC', () => {
    expect(stripIllegalXmlChars('\u001b[31mred\u001b[0m')).toBe('red');
    expect(stripIllegalXmlChars('\u001b[1;32mok\u001b[39;49m done')).toBe('ok done');
    expect(stripIllegalXmlChars('a\u001b[2Kb')).toBe('ab'); // erase line
    expect(stripIllegalXmlChars('\u001b[38;5;208morange\u001b[m')).toBe('orange');
  });

  it('removes OSC sequences (e.g. terminal hyperlinks) and two-byte escapes', () => {
    expect(stripIllegalXmlChars('\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007')).toBe('link');
    expect(stripIllegalXmlChars('\u001b]0;title\u001b\\text')).toBe('text');
    expect(stripIllegalXmlChars('a\u001bMb')).toBe('ab');
  });

  it('removes a lone ESC', () => {
    expect(stripIllegalXmlChars('a\u001bb')).toBe('ab');
    expect(stripIllegalXmlChars('\u001b')).toBe('');
  });

  it('removes C0 control characters other than tab, newline and CR', () => {
    expect(stripIllegalXmlChars('a\u0000b\u0008c\u000bd\u001fe')).toBe('abcde');
    expect(stripIllegalXmlChars('\u0001\u0002\u000c\u000e\u0007')).toBe('');
  });

  it('keeps tab, newline and carriage return', () => {
    expect(stripIllegalXmlChars('a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });

  it('removes lone surrogates', () => {
    expect(stripIllegalXmlChars('x\ud800y')).toBe('xy');
    expect(stripIllegalXmlChars('x\udc00y')).toBe('xy');
    expect(stripIllegalXmlChars('\udfff\ud83d')).toBe('');
  });

  it('removes the non-characters U+FFFE and U+FFFF', () => {
    expect(stripIllegalXmlChars('a\ufffeb\uffffc')).toBe('abc');
  });

  it('keeps emoji (astral characters as surrogate pairs) and normal unicode', () => {
    expect(stripIllegalXmlChars('😀')).toBe('😀');
    expect(stripIllegalXmlChars('\ud83d\ude00 ok')).toBe('😀 ok');
    expect(stripIllegalXmlChars('naïve — 日本語 ✓ µs')).toBe('naïve — 日本語 ✓ µs');
    expect(stripIllegalXmlChars('\ue000\ufffd\ud7ff')).toBe('\ue000\ufffd\ud7ff');
    expect(stripIllegalXmlChars('\u{10ffff}')).toBe('\u{10ffff}');
  });

  it('leaves plain text untouched', () => {
    expect(stripIllegalXmlChars('load.p95 < 2 s: 1.41 s')).toBe('load.p95 < 2 s: 1.41 s');
    expect(stripIllegalXmlChars('')).toBe('');
  });
});

describe('escapeXmlText', () => {
  it('escapes &, < and >', () => {
    expect(escapeXmlText('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeXmlText('<![CDATA[x]]>')).toBe('&lt;![CDATA[x]]&gt;');
  });

  it('escapes an existing entity again (no double-unescaping)', () => {
    expect(escapeXmlText('&amp;')).toBe('&amp;amp;');
  });

  it('keeps newlines literal in text', () => {
    expect(escapeXmlText('line 1\nline 2')).toBe('line 1\nline 2');
  });

  it('strips illegal characters before escaping', () => {
    expect(escapeXmlText('\u001b[31mfail & stop\u001b[0m\u0000')).toBe('fail &amp; stop');
  });
});

describe('escapeXmlAttribute', () => {
  it('escapes &, <, >, " and whitespace that attribute normalisation would eat', () => {
    expect(escapeXmlAttribute('a "b" & <c>\nd\re\tf')).toBe('a &quot;b&quot; &amp; &lt;c&gt;&#10;d&#13;e&#9;f');
  });

  it('escapes a check name with <', () => {
    expect(escapeXmlAttribute('load.p95 < 2 s')).toBe('load.p95 &lt; 2 s');
  });

  it('strips ANSI sequences and control characters', () => {
    expect(escapeXmlAttribute('\u001b[31mred\u001b[0m\u0008')).toBe('red');
  });

  it('keeps emoji', () => {
    expect(escapeXmlAttribute('model 😀')).toBe('model 😀');
  });
});

describe('xmlAttributes', () => {
  it('renders name="value" pairs with a leading space, escaping and skipping undefined', () => {
    expect(xmlAttributes({ name: 'a"b', time: 1.5, skipped: undefined, tests: 0 })).toBe(' name="a&quot;b" time="1.5" tests="0"');
  });

  it('renders nothing for no attributes', () => {
    expect(xmlAttributes({})).toBe('');
  });
});
