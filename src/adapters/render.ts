// Terminal rendering shared by study and quiz: session header, feedback after an answer, summaries.
// Every piece of deck text goes through neutralize(); colour only decorates markers that also read
// without it (✓/✗, "Right"/"Wrong", [+x+]/[-x-] diff marks).
import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import type { Card, Option } from '../core/model.js';
import { letter, type GradeResult } from '../core/grade.js';
import { diffText } from '../core/text-match.js';
import { neutralize } from '../core/sanitize.js';
import { joinFitting, wrapWords } from '../core/wrap.js';
export { formatDuration } from '../core/report/text.js';

const n = neutralize;

/**
 * `lead` then `text`, word-wrapped to `width` columns with the continuation lines indented to where
 * the text began ("      why: ..." keeps its column). When that leaves under 24 columns for the
 * text, lead and text wrap together, keeping the lead's own indentation and indenting the lines
 * after it by 2 more (the lead's spaces were trimmed: "why:" and "✗ your pick:" started at column
 * 0, under nothing). No width (not a terminal): one line.
 * Deck text is neutralized before it gets here, so the only escape codes are our own colours.
 */
export function hang(lead: string, text: string, width: number | undefined): string {
  if (!width || width < 20) return lead + text;
  const pad = stripVTControlCharacters(lead).length;
  if (width - pad >= 24) return lead + wrapWords(text, width, pad);
  const own = /^ */.exec(lead)![0].length;
  return ' '.repeat(own) + wrapWords(lead.slice(own) + text, width - own, 2).replace(/\n/g, `\n${' '.repeat(own)}`);
}

/** A fixed-width progress bar that reads without colour: [#####-----]. */
export function bar(done: number, total: number, width = 20): string {
  const filled = total <= 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(Math.max(0, width - filled))}]`;
}

/** "Title  [####------] 12 left (3 in learning)": learning repeats do not make the count grow. */
export function sessionHeader(s: ChalkInstance, deckTitle: string, p: { done: number; left: number; learning: number }, width?: number, note?: string): string {
  const learning = p.learning > 0 ? ` (${p.learning} in learning)` : '';
  const title = s.bold(n(deckTitle));
  const progress = [bar(p.done, p.done + p.left), `${p.left} left${learning}`];
  const parts = [title, joinFitting(progress, width, ' '), ...(note ? [s.dim(note)] : [])];
  if (!width) return parts.join('  ');
  // In a narrow terminal the parts break between each other, never inside one (the terminal cut a
  // long deck title mid-word); a title wider than the terminal wraps between its words.
  if (stripVTControlCharacters(title).length <= width) return joinFitting(parts, width, '  ');
  return `${wrapWords(title, width)}\n${joinFitting(parts.slice(1), width, '  ')}`;
}

/** Word-level view of a near miss: [-typed-] marks what was wrong, [+expected+] what was missing. */
export function renderDiff(s: ChalkInstance, given: string, expected: string): string {
  return diffText(given, expected)
    .map((op) => (op.op === 'same' ? n(op.text) : op.op === 'add' ? s.green(`[+${n(op.text)}+]`) : s.red(`[-${n(op.text)}-]`)))
    .join('');
}

function optionLine(s: ChalkInstance, options: Option[], i: number, label: string, order?: number[], width?: number): string {
  const o = options[i];
  if (!o) return '';
  const why = o.why ? '\n' + hang(`      ${s.dim('why:')} `, n(o.why), width) : '';
  // Letters as the student saw them on screen (the display order), not as written in the deck.
  const shown = order && order.includes(i) ? order.indexOf(i) : i;
  return hang(`  ${label} ${letter(shown)}) `, n(o.text), width) + why;
}

/** What the student sees after answering: right/wrong, the right answer, the whys, the explanation. */
export function renderFeedback(
  s: ChalkInstance,
  card: Card,
  result: GradeResult,
  opts: { selfGraded?: boolean; order?: number[]; width?: number; givenOrder?: number[]; unanswered?: boolean } = {},
): string {
  const lines: string[] = [];
  const w = (lead: string, text: string) => hang(lead, text, opts.width);
  // A quiz question left unanswered: said once, with nothing about an answer that was not given.
  if (opts.unanswered) lines.push(`${s.red.bold('✗ Not answered')} (counts as wrong)`);
  else if (!opts.selfGraded) lines.push(result.correct ? s.green.bold('✓ Right') : s.red.bold('✗ Wrong'));
  switch (card.type) {
    case 'choice':
    case 'multi': {
      const picked = new Set(result.picked ?? []);
      // In the order the options were on screen (a, b, c...), not as written in the deck: a multi's
      // right options read "a), c), e)", not "c), a), e)".
      const order = opts.order;
      const shown = (i: number) => (order && order.includes(i) ? order.indexOf(i) : i);
      const onScreen = card.choices.map((_, i) => i).sort((a, b) => shown(a) - shown(b));
      for (const i of onScreen) {
        const o = card.choices[i]!;
        // Show every option the student picked and every right one, each with its why.
        if (!picked.has(i) && !o.correct) continue;
        const label = o.correct ? (picked.has(i) ? s.green('✓ your pick, right:') : s.green('✓ right:')) : s.red('✗ your pick:');
        lines.push(optionLine(s, card.choices, i, label, opts.order, opts.width));
      }
      break;
    }
    case 'basic':
    case 'typed':
    case 'cloze':
      if (opts.selfGraded) break;
      lines.push(w('  answer: ', n(result.expected)));
      if (opts.unanswered) break;
      // A forgiven typo is shown like a near miss: the student sees the spelling they got wrong.
      if (result.typo) lines.push(`  accepted with a typo: ${renderDiff(s, result.given, result.closest ?? result.expected)}`);
      else if (!result.correct && result.near) lines.push(`  close: ${renderDiff(s, result.given, result.closest ?? result.expected)}`);
      // An empty blank or answer is marked in result.given (core/grade.ts: givenText).
      else if (!result.correct) lines.push(w(`  ${card.type === 'basic' ? 'you gave' : 'you typed'}: `, n(result.given)));
      else if (result.given.trim().toLowerCase() !== result.expected.trim().toLowerCase())
        lines.push(w('  accepted: ', n(result.given)));
      break;
    case 'truefalse':
      lines.push(`  the statement is ${card.answer ? 'TRUE' : 'FALSE'}`);
      break;
    case 'order':
      lines.push('  right order:');
      card.items.forEach((item, i) => lines.push(w(`    ${i + 1}. `, n(item))));
      if (result.correct || opts.unanswered) break;
      // The student arranged numbered items shown shuffled: the deck's letters (result.given) were
      // never on their screen. Their order is listed as the right one is, each place marked.
      if (opts.givenOrder && opts.givenOrder.length > 0) {
        lines.push('  your order:');
        opts.givenOrder.forEach((item, place) => {
          const mark = item === place ? s.green('✓') : s.red('✗');
          lines.push(w(`    ${place + 1}. ${mark} `, n(card.items[item] ?? '(no such item)')));
        });
      } else lines.push(w('  your order: ', n(result.given)));
      break;
  }
  if (card.explain) lines.push(w(`  ${s.cyan('explain:')} `, n(card.explain)));
  return lines.join('\n');
}


/** A local date-time a person reads: "2026-11-28 04:00". */
export function formatWhen(d: Date): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
