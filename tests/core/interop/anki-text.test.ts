import { describe, expect, it } from 'vitest';
import { parseAnkiText, separatorFrom } from '../../../src/core/interop/anki-text.js';
import { fieldToText } from '../../../src/core/interop/field-text.js';

describe('Anki text headers', () => {
  it.each([
    ['Comma', ','],
    ['Semicolon', ';'],
    ['Tab', '\t'],
    ['tab', '\t'],
    ['Space', ' '],
    ['Pipe', '|'],
    ['Colon', ':'],
    [',', ','],
    ['\t', '\t'],
    ['|', '|'],
  ])('#separator:%j', (name, want) => {
    expect(separatorFrom(name)).toBe(want);
    const f = parseAnkiText(`#separator:${name}\nfront${want}back\n`);
    expect(f.separator).toBe(want);
    expect(f.notes[0]!.fields).toEqual(['front', 'back']);
  });

  it('never takes a data row for a column header in an Anki export (it has # headers)', () => {
    expect(parseAnkiText('#html:false\nfront,back\n').notes[0]!.fields).toEqual(['front', 'back']);
  });

  it('reads html, tags, notetype and deck', () => {
    const f = parseAnkiText('#separator:tab\n#html:false\n#tags:aws exam\n#notetype:Basic (type in the answer)\n#deck:AWS::IAM\nq\ta\n');
    expect(f.html).toBe(false);
    expect(f.notes[0]).toMatchObject({ fields: ['q', 'a'], tags: ['aws', 'exam'], notetype: 'Basic (type in the answer)', deck: 'AWS::IAM', line: 6 });
  });

  it('takes guid, notetype, deck and tags from their columns, leaving the fields', () => {
    const f = parseAnkiText(
      '#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n' +
        'g1\tBasic\tBio\tfront\tback\tcell plant\n',
    );
    expect(f.notes[0]).toEqual({ line: 7, fields: ['front', 'back'], tags: ['cell', 'plant'], guid: 'g1', notetype: 'Basic', deck: 'Bio' });
  });

  it('names the fields from #columns and finds the tags column by name', () => {
    const f = parseAnkiText('#separator:Comma\n#columns:Front,Back,Tags\nq,a,t1 t2\n');
    expect(f.notes[0]).toMatchObject({ fields: ['q', 'a'], fieldNames: ['Front', 'Back'], tags: ['t1', 't2'] });
  });

  it('warns about an unknown separator and a bad column number, then carries on', () => {
    const f = parseAnkiText('#separator:Banana\n#tags column:x\na,b\n');
    expect(f.warnings).toHaveLength(2);
    expect(f.notes[0]!.fields).toEqual(['a', 'b']);
  });

  it('takes the first row of a plain CSV as the header when it names the columns', () => {
    const f = parseAnkiText('Front,Back,Tags\nq,a,x y\n');
    expect(f.notes).toEqual([{ line: 2, fields: ['q', 'a'], fieldNames: ['Front', 'Back'], tags: ['x', 'y'] }]);
  });

  it('keeps a first row that is data', () => {
    expect(parseAnkiText('capital of France,Paris\n').notes[0]!.fields).toEqual(['capital of France', 'Paris']);
  });

  it('reads UTF-8 with and without a BOM alike', () => {
    const plain = parseAnkiText('#separator:tab\nçà\tü\n');
    const bom = parseAnkiText('\uFEFF#separator:tab\nçà\tü\n');
    expect(bom.notes).toEqual(plain.notes);
    expect(bom.separator).toBe('\t');
  });

  it('sniffs the separator without headers', () => {
    expect(parseAnkiText('a;b\nc;d\n').notes.map((n) => n.fields)).toEqual([['a', 'b'], ['c', 'd']]);
  });
});

describe('field HTML to text', () => {
  it.each([
    ['<br> and <br/> become line breaks', 'a<br>b<br/>c', 'a\nb\nc'],
    ['<div> becomes a line', 'a<div>b</div>', 'a\nb'],
    ['entities are decoded', 'a &amp; b &lt;c&gt; &#233; &#x41;&nbsp;x', 'a & b <c> é A x'],
    // Anki's editor writes any HTML5 name; a table of common ones let the rest through as text.
    ['every HTML5 named entity is decoded', 'a &vert; b &lbrace;x&rbrace; &rarr; &NotEqualTilde; &bigstar; &ohm;', 'a | b {x} → ≂̸ ★ Ω'],
    ['names are case-sensitive, as in HTML', '&Alpha; &alpha; &AMP;', 'Α α &'],
    ['legacy names without a semicolon read as a browser reads them', '&copy 2024 &amp that', '© 2024 & that'],
    ['numeric references get the HTML repairs', '&#128; &#x2014; &#0;', '€ — \uFFFD'],
    ['an unknown name stays as written', 'R&D &bogus; AT&T', 'R&D &bogus; AT&T'],
    // What Anki (a browser) shows for a raw "&notit;": Anki's own editor writes & as &amp;.
    ['a legacy name as a prefix reads as a browser reads it', '&notit;', '¬it;'],
    ['a soft hyphen is dropped', 'inter&shy;national', 'international'],
    // Escapes and bidi controls written as entities never reach the deck: a card is text, and these
    // only recolour, retitle or turn text around on a screen.
    // (&#x85; is not C1 NEL: HTML reads 0x80-0x9F as windows-1252, an ellipsis)
    ['escapes and controls written as entities are dropped', 'a&#27;[2J&#x1b;]0;t&#7;b&#x85;c&#x7F;d', 'a[2J]0;tb…cd'],
    ['bidi overrides and isolates written as entities are dropped', 'x&#x202E;y&#8234;z&#x2066;w&#x2069;v', 'xyzwv'],
    ['huge, null and surrogate numeric references become U+FFFD', '&#99999999999999999999; &#x110000; &#xD800; &#0;', '\uFFFD \uFFFD \uFFFD \uFFFD'],
    ['tags are dropped', '<b>bold</b> <span style="x">s</span>', 'bold s'],
    ['source newlines are spaces', 'a\nb', 'a b'],
  ])('%s', (_, html, want) => {
    expect(fieldToText(html, true).text).toBe(want);
  });

  it('lists media references and drops them from the text', () => {
    expect(fieldToText('see <img src="cell.png"> [sound:hi.mp3]', true)).toEqual({ text: 'see', media: ['hi.mp3', 'cell.png'] });
  });

  // Each took 3 to 47 s here (a pattern retried from every start scanned on to the end of the text:
  // quadratic); now each is one pass of a few milliseconds. The bound only tells a hang from a pass,
  // hundreds of times above the pass, far below the hang (vitest's timeout cannot stop a
  // synchronous call).
  it.each([
    ['200,000 `<` without a `>`', '<'.repeat(200_000), '<'.repeat(200_000)],
    ['a long run of spaces inside a line', `a${' '.repeat(200_000)}b`, `a${' '.repeat(200_000)}b`],
    ['60,000 `<img ` without a src, then one `>`', `${'<img '.repeat(60_000)}>x`, 'x'],
    ['50,000 comment openings without a close', '<!--'.repeat(50_000), '<!--'.repeat(50_000)],
    ['30,000 `<script` without a close', `${'<script'.repeat(30_000)}`, '<script'.repeat(30_000)],
    ['40,000 `<div ` without a `>`', `${'<div '.repeat(40_000)}`, '<div'.repeat(40_000).replace(/<div/g, '<div ').trim()],
    ['40,000 `[sound:` without a `]`', '[sound:'.repeat(40_000), '[sound:'.repeat(40_000)],
  ])('converts hostile HTML in one pass: %s', (_, html, want) => {
    const started = performance.now();
    expect(fieldToText(html, true).text).toBe(want);
    expect(fieldToText(html, undefined).text).toBe(want);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('drops raw bidi controls and escapes in text as written too', () => {
    expect(fieldToText('a\u202Eb\u2067c\u001b[31md', false).text).toBe('abc[31md');
  });

  it('keeps text as written with #html:false', () => {
    expect(fieldToText('a <b> &amp;', false).text).toBe('a <b> &amp;');
  });

  it('without a header, converts only what looks like HTML', () => {
    expect(fieldToText('x < y and y > z', undefined).text).toBe('x < y and y > z');
    expect(fieldToText('x<br>y', undefined).text).toBe('x\ny');
  });

  it('removes control characters', () => {
    expect(fieldToText('a\u001b[31mb', false).text).toBe('a[31mb');
  });
});
