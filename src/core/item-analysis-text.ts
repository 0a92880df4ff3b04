// `recall analyze` as text (worst items first, a bar per option with the key marked) and as
// Markdown for an issue or a wiki. Pure; deck text is neutralised.
import type { ChalkInstance } from 'chalk';
import { plural } from './count-text.js';
import { neutralize } from './sanitize.js';
import { THRESHOLDS, worstFirst, type Analysis, type Flag } from './item-analysis.js';
import { joinFitting, wrapWords } from './wrap.js';

const num = (x: number | null, places = 2): string => (x === null ? '—' : x.toFixed(places));
const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);
const letter = (i: number): string => String.fromCharCode(97 + (i % 26));

export const FLAG_HELP: Record<Flag, string> = {
  'too-easy': `facility above ${THRESHOLDS.tooEasy}: nearly everyone gets it; it tells students apart little`,
  'too-hard': `facility below ${THRESHOLDS.tooHard}: check the key and the wording before blaming the students`,
  'low-discrimination': `discrimination below ${THRESHOLDS.lowDiscrimination}: strong and weak students do about as well`,
  'negative-discrimination': 'discrimination below 0: weak students do better than strong ones; check the key',
  'non-functioning-distractor': `a wrong option picked by under ${THRESHOLDS.nonFunctioningShare * 100}%: replace it with a plausible one`,
  'distractor-attracts-strong': 'a wrong option picked more by strong students: it may be right too, or the key wrong',
  'small-sample': `fewer than ${THRESHOLDS.smallSample} students: read the numbers as rough`,
};

function clip(text: string, width: number): string {
  const t = neutralize(text).replace(/\s+/g, ' ');
  return t.length <= width ? t : `${t.slice(0, Math.max(1, width - 1))}…`;
}

export function renderAnalysisText(a: Analysis, s: ChalkInstance, width = 80, skipped = 0): string {
  // Laid out for the terminal down to 40 columns: lines of phrases break between phrases, and an
  // option's text goes under its bar when the row leaves it under 16 columns.
  const w = Math.max(40, width);
  const phrases = (parts: string[], indent: string): string => indent + joinFitting(parts, w - indent.length, '  ').replace(/\n/g, `\n${indent}`);
  const out: string[] = [];
  const t = a.test;
  const counts = s.bold(`${plural(a.reports, 'report')}, ${plural(a.students, 'student')}, ${plural(t.items, 'item')}`);
  out.push(skipped > 0 ? joinFitting([counts, s.dim(`(${plural(skipped, 'file')} skipped)`)], w - 2, '  ').replace(/\n/g, '\n  ') : counts);
  out.push(wrapWords(`Scores: mean ${num(t.mean)}, SD ${num(t.sd)}; reliability KR-20 ${num(t.kr20)}, SEM ${num(t.sem)}`, w, 2));
  const items = worstFirst(a.items);
  for (const it of items) {
    out.push('');
    const name = [s.bold(`${clip(it.deck, 40)}/${clip(it.id, 60)}`), s.dim(`(${it.type})`)];
    out.push(joinFitting([...name, ...it.flags.map((f) => (f === 'small-sample' ? s.dim(f) : s.yellow(f)))], w - 2, ' ').replace(/\n/g, '\n  '));
    out.push(phrases([`n ${it.n}`, `facility ${num(it.facility)}`, `discrimination ${num(it.discrimination)}`, `upper-lower ${num(it.upperLower)}`], '  '));
    const bar = Math.max(10, Math.min(20, w - 60));
    const room = w - bar - 25;
    for (const o of it.options) {
      const filled = Math.round(o.share * bar);
      const mark = o.correct ? s.green('✓') : ' ';
      const row = `  ${mark} ${letter(o.index)}) ${'█'.repeat(filled)}${s.dim('·'.repeat(bar - filled))} ${pct(o.share).padStart(4)}  ${s.dim(`pb ${num(o.pointBiserial)}`)}`;
      if (room >= 16) out.push(`${row}  ${clip(o.text, Math.max(20, room))}`);
      else out.push(row, `       ${clip(o.text, w - 7)}`);
    }
  }
  if (items.length === 0) out.push('', 'No items to analyse.');
  const seen = new Set(items.flatMap((i) => i.flags));
  if (seen.size > 0) {
    out.push('', s.bold('Flags'));
    for (const f of Object.keys(FLAG_HELP) as Flag[]) if (seen.has(f)) out.push(`  ${wrapWords(`${f}: ${FLAG_HELP[f]}`, w, 4)}`);
  }
  return out.join('\n') + '\n';
}

const md = (text: string): string => neutralize(text).replace(/\s+/g, ' ').replace(/([|\\`*_[\]<>])/g, '\\$1');

export function renderAnalysisMarkdown(a: Analysis): string {
  const t = a.test;
  const out: string[] = [];
  out.push(`## Item analysis`, '');
  out.push(`${plural(a.reports, 'report')}, ${plural(a.students, 'student')}, ${plural(t.items, 'item')}. Mean ${num(t.mean)}, SD ${num(t.sd)}, KR-20 ${num(t.kr20)}, SEM ${num(t.sem)}.`, '');
  out.push('| item | type | n | facility | discrimination | upper-lower | flags |', '|---|---|---:|---:|---:|---:|---|');
  for (const it of worstFirst(a.items))
    out.push(`| ${md(it.deck)}/${md(it.id)} | ${md(it.type)} | ${it.n} | ${num(it.facility)} | ${num(it.discrimination)} | ${num(it.upperLower)} | ${it.flags.join(', ')} |`);
  const withOptions = worstFirst(a.items).filter((i) => i.options.length > 0 && i.flags.some((f) => f !== 'small-sample'));
  if (withOptions.length > 0) {
    out.push('', '### Options of flagged items', '');
    for (const it of withOptions) {
      out.push(`**${md(it.deck)}/${md(it.id)}** (${it.flags.join(', ')})`, '', '| option | key | share | upper | lower | point-biserial |', '|---|:-:|---:|---:|---:|---:|');
      for (const o of it.options) out.push(`| ${letter(o.index)}) ${md(o.text)} | ${o.correct ? '✓' : ''} | ${pct(o.share)} | ${pct(o.upper)} | ${pct(o.lower)} | ${num(o.pointBiserial)} |`);
      out.push('');
    }
  }
  out.push('', 'Flags: ' + (Object.keys(FLAG_HELP) as Flag[]).map((f) => `\`${f}\` ${FLAG_HELP[f]}`).join('; ') + '.');
  return out.join('\n') + '\n';
}
