import { describe, expect, it } from 'vitest';
import { clozeToRecall, deckIdFrom, notesToCards, type Note } from '../../../src/core/interop/to-deck.js';

const one = (note: Partial<Note>, opts: { html?: boolean; type?: 'basic' | 'typed' } = {}) => {
  const r = notesToCards([{ fields: [], tags: [], ...note }], { html: opts.html ?? true, ...(opts.type ? { type: opts.type } : {}) });
  return { cards: [...r.decks.values()].flat(), r };
};

describe('notes to cards', () => {
  it('makes a basic card from a two-field note, with its tags', () => {
    const { cards } = one({ fields: ['What is <b>S3</b>?', 'Object storage'], tags: ['aws', 's3'] });
    expect(cards).toEqual([{ id: expect.stringMatching(/^what-is-s3-[0-9a-f]{8}$/), type: 'basic', front: 'What is S3?', back: 'Object storage', tags: ['aws', 's3'] }]);
  });

  it('makes typed cards with --type typed and from "type in the answer" notes', () => {
    expect(one({ fields: ['Unit of frequency?', 'hertz'] }, { type: 'typed' }).cards[0]).toMatchObject({ type: 'typed', prompt: 'Unit of frequency?', answer: 'hertz' });
    expect(one({ fields: ['q', 'a'], notetype: 'Basic (type in the answer)' }).cards[0]).toMatchObject({ type: 'typed', answer: 'a' });
  });

  it('keeps an answer on several lines basic even with --type typed, and says so', () => {
    const { cards, r } = one({ fields: ['q', 'one<br>two'] }, { type: 'typed' });
    expect(cards[0]).toMatchObject({ type: 'basic', back: 'one\ntwo' });
    expect(r.notes.join()).toMatch(/several lines/);
  });

  it('makes two cards from Basic (and reversed card)', () => {
    const { cards } = one({ fields: ['dog', 'Hund'], notetype: 'Basic (and reversed card)', guid: 'g' });
    expect(cards.map((c) => [c.front, c.back])).toEqual([['dog', 'Hund'], ['Hund', 'dog']]);
    expect(new Set(cards.map((c) => c.id)).size).toBe(2);
  });

  it('makes a cloze card with the hint, and Back Extra as the explanation', () => {
    const { cards } = one({ fields: ['Plants make {{c1::oxygen::a gas}} from {{c2::light}}', 'Photosynthesis'], notetype: 'Cloze' });
    expect(cards[0]).toMatchObject({ type: 'cloze', text: 'Plants make {{oxygen}} from {{light}}', hint: 'a gas', explain: 'Photosynthesis' });
  });

  it('skips an Anki cloze whose deletion holds "|", which recall would read as "or"; a note recall exported keeps its alternatives', () => {
    // Imported as alternatives, "ps aux" alone was graded right for "ps aux | grep node".
    const pipe = one({ fields: ['Filter processes: {{c1::ps aux | grep node}}', ''], notetype: 'Cloze', guid: 'Ab3$x' });
    expect(pipe.cards).toEqual([]);
    expect(pipe.r.skipped[0]?.why).toMatch(/"ps aux \| grep node" holds "\|", which recall reads as "or"/);
    const ours = one({ fields: ['Plants take in {{c1::carbon dioxide|CO2}}', ''], notetype: 'Cloze', guid: 'recall:bio/photosynthesis' });
    expect(ours.cards[0]).toMatchObject({ id: 'photosynthesis', type: 'cloze', text: 'Plants take in {{carbon dioxide|CO2}}' });
  });

  it('makes basic cards from the first two fields of an unknown note type, with a note', () => {
    const { cards, r } = one({ fields: ['a', 'b', 'c'], notetype: 'Vocab' });
    expect(cards[0]).toMatchObject({ type: 'basic', front: 'a', back: 'b', explain: 'c' });
    expect(r.notes.join()).toMatch(/Vocab/);
  });

  it('takes ids from the guid, so an updated note keeps its id', () => {
    const a = one({ fields: ['q', 'old answer'], guid: 'Xy#1' }).cards[0]!;
    const b = one({ fields: ['q reworded', 'new answer'], guid: 'Xy#1' }).cards[0]!;
    expect(a.id).toMatch(/^anki-[0-9a-f]{12}$/);
    expect(b.id).toBe(a.id);
  });

  it('without a guid, takes the id from the front only', () => {
    expect(one({ fields: ['q', 'a'] }).cards[0]!.id).toBe(one({ fields: ['q', 'changed'] }).cards[0]!.id);
  });

  it("gives recall's own exported cards their ids back", () => {
    expect(one({ fields: ['q', 'a'], guid: 'recall:my-deck/capital-of-france' }).cards[0]!.id).toBe('capital-of-france');
  });

  it('skips empty fronts and backs, media-only fields and duplicates, saying why', () => {
    const r = notesToCards(
      [
        { line: 1, fields: ['', 'a'], tags: [] },
        { line: 2, fields: ['q', '<img src="x.png">'], tags: [] },
        { line: 3, fields: ['same', 'a'], tags: [] },
        { line: 4, fields: ['same', 'b'], tags: [] },
        { line: 5, fields: ['alone'], tags: [] },
      ],
      { html: true },
    );
    expect(r.skipped).toEqual([
      { where: 'line 1', why: 'the front is empty' },
      { where: 'line 2', why: 'the back is empty (it holds only media, which recall does not import)' },
      { where: 'line 4', why: 'the same front as line 3' },
      { where: 'line 5', why: 'only one field; a card needs a front and a back' },
    ]);
    expect(r.media).toEqual(['x.png']);
  });

  it('moves a trailing "Explain:" paragraph (from recall exports) back to explain', () => {
    expect(one({ fields: ['q', 'Paris<br><br>Explain: the capital'] }).cards[0]).toMatchObject({ back: 'Paris', explain: 'the capital' });
  });

  it('groups cards by Anki deck', () => {
    const r = notesToCards(
      [
        { fields: ['a', 'b'], tags: [], deck: 'Bio' },
        { fields: ['c', 'd'], tags: [], deck: 'Chem' },
      ],
      { html: true },
    );
    expect([...r.decks.keys()]).toEqual(['Bio', 'Chem']);
  });
});

describe('cloze syntax', () => {
  it.each([
    ['{{c1::a}} and {{c1::b::hint}}', { text: '{{a}} and {{b}}', hints: ['hint'] }],
    ['{{c1::oxygen|O2}}', { text: '{{oxygen|O2}}', hints: [] }],
  ])('%s', (src, want) => {
    expect(clozeToRecall(src)).toEqual(want);
  });
  it.each([['no deletion'], ['{{c1::}}'], ['{{c1::a}} {{stray'], ['{{c1::a|}}'], ['{{c1::{{c2::x}}}}']])('refuses %j', (src) => {
    expect(clozeToRecall(src)).toHaveProperty('error');
  });
  it('reads text after the last deletion as written', () => {
    expect(clozeToRecall('{{c1::a}} then {{c1:: tail')).toEqual({ error: 'the text holds "{{" outside a cloze deletion' });
    expect(clozeToRecall('x {{c1::a}} y')).toEqual({ text: 'x {{a}} y', hints: [] });
  });
  // 120,000 `{{c1::` without a `}}` took 14 s: the lazy scan ran on to the end from each. The bound
  // only tells one pass (milliseconds) from that (vitest's timeout cannot stop a synchronous call).
  it('reads a field of 120,000 unclosed deletions in one pass', () => {
    const started = performance.now();
    expect(clozeToRecall('{{c1::'.repeat(120_000))).toEqual({ error: 'a cloze note without any {{c1::...}} deletion' });
    expect(clozeToRecall(`${'{{c1::'.repeat(120_000)}x}}`)).toHaveProperty('error');
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});

it('makes deck ids from Anki deck names', () => {
  expect(deckIdFrom('AWS::IAM Basics')).toBe('aws-iam-basics');
  expect(deckIdFrom('日本語')).toBe('imported');
});
