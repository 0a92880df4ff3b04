// `recall deck show <deck>`: every card as an instructor proofreads it. Deck text is untrusted, so
// all of it goes through neutralize(); right and wrong are marked with ✓ / ✗, colour only decorates.
import type { Io } from '../io.js';
import { println } from '../io.js';
import type { Card, Deck } from '../core/model.js';
import { letter } from '../core/grade.js';
import { neutralize } from '../core/sanitize.js';
import { DeckError } from '../errors.js';
import { formatDiagnostic, loadDecks, withoutAnswersFiles } from '../adapters/load-decks.js';
import { makeStyle } from '../adapters/style.js';
import type { ChalkInstance } from 'chalk';
import { appendAll } from '../core/arrays.js';
import { stripVTControlCharacters } from 'node:util';
import { wrapLines, wrapWords } from '../core/wrap.js';

export interface DeckShowOptions {
  deck: string;
}

export async function run(opts: DeckShowOptions, io: Io): Promise<number> {
  const loaded = await loadDecks([opts.deck], io.cwd, { env: io.env });
  const { decks } = loaded;
  const diagnostics = await withoutAnswersFiles(loaded, [opts.deck], io.cwd, (line) => println(io.stderr, line));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new DeckError(`cannot show a deck with errors:\n${errors.map((d) => formatDiagnostic(d)).join('\n')}`);
  for (const d of diagnostics) println(io.stderr, formatDiagnostic(d));
  const style = makeStyle(io);
  // On a terminal, long lines wrap under their own text; piped (`| less -R`, a file), they stay whole.
  const tty = io.stdout as { isTTY?: boolean; columns?: number };
  const width = tty.isTTY ? tty.columns : undefined;
  const out: string[] = [];
  decks.forEach((deck, i) => {
    if (i > 0) out.push('');
    appendAll(out, renderDeck(deck, style, width));
  });
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/**
 * Neutralised text after `lead` (which may hold colour); continuation lines, the text's own and,
 * given a width, the wrapped ones, indented to line up under its first character.
 */
function wrapBlock(lead: string, text: string, width?: number): string {
  const padWidth = stripVTControlCharacters(lead).length;
  const body = neutralize(text).replace(/\n+$/, '');
  // Below 20 columns of room, lines are left whole for the terminal to fold.
  if (width === undefined || width - padWidth < 20) return `${lead}${body.replace(/\n/g, `\n${' '.repeat(padWidth)}`)}`;
  // Each line keeps its own indentation (a policy's nesting), on its wrapped lines too.
  return `${lead}${wrapLines(body, width, padWidth)}`;
}

export function renderDeck(deck: Deck, style: ChalkInstance, width?: number): string[] {
  const block = (lead: string, text: string) => wrapBlock(lead, text, width);
  const out: string[] = [];
  // The title breaks between words on a terminal (the terminal cut 'IAM roles: exam deep dive' mid-word at 40 columns).
  const title = `${neutralize(deck.id)}: ${neutralize(deck.title)}`;
  out.push(style.bold(width === undefined ? title : wrapWords(title, width, 2)));
  const tags = deck.tags.length ? ` · tags: ${deck.tags.join(', ')}` : '';
  out.push(style.dim(block('', `${deck.source} · ${deck.cards.length} card${deck.cards.length === 1 ? '' : 's'}${tags}`)));
  if (deck.description) out.push(block('', deck.description));
  deck.cards.forEach((card, i) => {
    out.push('');
    const cardTags = card.tags.length ? `  tags: ${neutralize(card.tags.join(', '))}` : '';
    out.push(style.cyan(`── ${i + 1}/${deck.cards.length}  ${neutralize(card.id)}  [${card.type}]`) + style.dim(cardTags));
    appendAll(out, renderCard(card, style, block));
    if (card.hint) out.push(block('Hint: ', card.hint));
    if (card.timeLimit !== undefined) out.push(`Time limit: ${card.timeLimit} s`);
    if (card.explain) out.push(block('Explain: ', card.explain));
  });
  return out;
}

function renderCard(card: Card, style: ChalkInstance, block: (lead: string, text: string) => string): string[] {
  const right = (s: string) => style.green(s);
  const wrong = (s: string) => style.red(s);
  switch (card.type) {
    case 'basic':
      return [
        block('Front: ', card.front),
        block('Back: ', card.back),
        ...(card.accept?.length ? [block('Accepts: ', card.accept.join(' | '))] : ['(self-graded)']),
      ];
    case 'choice':
    case 'multi':
      return [
        block('Q: ', card.prompt),
        ...card.choices.flatMap((c, i) => [
          // Labelled as study and quiz show them (`a)`), in deck order.
          block(`${c.correct ? right('  ✓ ') : wrong('  ✗ ')}${letter(i)}) `, c.text),
          ...(c.why ? [style.dim(block('       why: ', c.why))] : [style.yellow('       (no why)')]),
        ]),
      ];
    case 'truefalse':
      return [block('Statement: ', card.statement), `Answer: ${right(card.answer ? 'true' : 'false')}`];
    case 'typed':
      return [
        block('Q: ', card.prompt),
        block('Answer: ', card.answer),
        ...(card.accept.length ? [block('Also accepted: ', card.accept.join(' | '))] : []),
      ];
    case 'cloze':
      return [
        block('Text: ', card.text),
        ...card.blanks.map((alts, i) => block(`  Blank ${i + 1}: `, alts.join(' | '))),
      ];
    case 'order':
      return [block('Q: ', card.prompt), ...card.items.map((item, i) => block(`  ${i + 1}. `, item))];
  }
}
