// `recall exam` as text: days left, predicted score, pass probability, cards at risk by tag, and a
// bar chart of the plan. Pure: colour arrives as a chalk instance; deck text (tags) is neutralised.
import type { ChalkInstance } from 'chalk';
import { wrapWords } from './wrap.js';
import { neutralize } from './sanitize.js';
import { maxOf } from './arrays.js';
import type { ExamReport } from './readiness.js';
import { percentOf } from './percent.js';
import { formatCount, plural } from './count-text.js';

const pct = (x: number): string => `${Math.round(x)}%`;
const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function dayLabel(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${ymd.slice(5)}`;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Four weeks after the study day `today` (YYYY-MM-DD): the example date to paste. A fixed one goes
 *  stale, and once its day has passed `exam set` refuses it (exit 2, "the exam date has passed"). */
function fourWeeksAfter(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 28)).toISOString().slice(0, 10);
}

/** `today`: the study day, for the example date of `exam set` when no exam is set. */
export function renderExam(r: ExamReport, s: ChalkInstance, width = 80, today?: string): string {
  const out: string[] = [];
  const w = Math.max(40, width);
  if (r.date === null) {
    out.push(s.bold('No exam date set.'));
    out.push('Set one for readiness on the day and a plan:');
    out.push(`  recall exam set ${today ? fourWeeksAfter(today) : 'YYYY-MM-DD'}`);
    out.push(s.dim('  (defaults: --target 0.9 --pass 72 --questions 65)'));
    out.push('');
    out.push(`As of today: ${r.cards} cards in scope, ${r.seen} seen.`);
    out.push(`Predicted score ${pct(r.expectedScore)}, pass probability ${pct(100 * r.passProbability)} at ${r.pass}%.`);
    return out.join('\n') + '\n';
  }
  const when =
    r.daysLeft === null ? '' : r.daysLeft > 1 ? `in ${r.daysLeft} days` : r.daysLeft === 1 ? 'tomorrow' : r.daysLeft === 0 ? 'today' : `${-r.daysLeft} days ago`;
  out.push(`${s.bold(`Exam ${r.date}`)} · ${when}${w >= 64 ? ' · ' : '\n'}pass mark ${r.pass}% · ${r.questions} questions`);
  const scope = r.tags.length > 0 ? ` tagged ${r.tags.map(neutralize).join(', ')}` : '';
  out.push(`Scope: ${plural(r.cards, 'card')}${scope}, ${formatCount(r.seen)} seen`);
  out.push('');
  // `exam set DATE my-decks/ --tag T`, then `recall exam` alone: the tags are checked against the
  // decks named at set, but the report reads the decks named now (the bundled ones), where no card
  // has them. It printed 0% everywhere and a plan of empty days, with no word about why.
  if (r.cards === 0 && r.tags.length > 0) {
    out.push(wrapWords(`No card in these decks is tagged ${r.tags.map(neutralize).join(' or ')}. An exam covers the decks you name, as study does: name the decks those tags are in (recall exam my-decks/, recall study my-decks/).`, w));
    return out.join('\n') + '\n';
  }
  // The explanations go on their own lines in a narrow terminal.
  const note = (text: string): string => (w >= 80 ? `  ${s.dim(text)}` : `\n    ${s.dim(text)}`);
  // Once the exam day has passed, readiness is worked out for now (readiness.ts), not for the day:
  // every note says so, in a narrow terminal too.
  const passed = r.daysLeft !== null && r.daysLeft < 0;
  const onTheDay = passed ? 'now' : 'on the day';
  const held = passed ? 'as of today (the exam date has passed)' : w >= 80 ? 'if the exam were held on its date with no more study' : 'with no more study';
  out.push(`Predicted score   ${s.bold(pct(r.expectedScore))}${note(held)}`);
  out.push(`Pass probability  ${s.bold(pct(100 * r.passProbability))}${note(`${r.pass}% or more on ${r.questions} questions`)}`);
  out.push(`Ready             ${formatCount(r.ready)} of ${plural(r.cards, 'card')}${note(`recall ${Math.round(r.target * 100)}% or more ${onTheDay}`)}`);
  const c = r.calibration;
  out.push(
    c.fitted
      ? `Calibrated on ${c.answers} of your answers:\n  Brier score ${c.brierBefore?.toFixed(3)} before, ${c.brierAfter?.toFixed(3)} after.`
      : c.answers >= 200
        ? `Checked against ${c.answers} of your answers:\n  FSRS's predictions already fit them (Brier ${c.brierBefore?.toFixed(3)}).`
        : wrapWords(`Not enough history to calibrate yet (${c.answers} of 200 graded reviews): using FSRS's own predictions.`, Math.min(w, 56)),
  );
  if (r.atRisk.length > 0) {
    out.push('');
    out.push(s.bold(wrapWords(`At risk: ${r.atRisk.length} cards below target ${onTheDay}, by tag`, w)));
    const rows = r.byTag.filter((t) => t.atRisk > 0).slice(0, 12);
    const longest = maxOf(rows.map((t) => neutralize(t.tag).length), 3);
    // Tags are what --tag takes: where the words would cut them (a narrow terminal), the row drops
    // "of" and "expected" (said once above it) before a tag loses a letter.
    const compact = longest > w - 30;
    if (compact) out.push(s.dim(`  ${wrapWords('at risk/in scope, expected score', w, 2)}`));
    const counts = rows.map((t) => `${t.atRisk}/${t.cards}`);
    const countWidth = maxOf(counts.map((c) => c.length), 3);
    const name = Math.min(28, compact ? w - 2 - 2 - countWidth - 2 - 4 : w - 30, longest);
    rows.forEach((t, i) => {
      const tag = fit(neutralize(t.tag), name).padEnd(name);
      out.push(
        compact
          ? `  ${tag}  ${counts[i]!.padStart(countWidth)}  ${pct(t.expectedScore).padStart(4)}`
          : `  ${tag}  ${String(t.atRisk).padStart(4)} of ${String(t.cards).padEnd(4)} expected ${pct(t.expectedScore)}`,
      );
    });
    const more = r.byTag.filter((t) => t.atRisk > 0).length - rows.length;
    if (more > 0) out.push(s.dim(`  ${wrapWords(`… and ${more} more tags (--json lists every card)`, w - 2)}`));
  }
  if (r.plan.length > 0) {
    out.push('');
    const legend = '(█ reviews, ░ new cards; redone each study)';
    out.push(s.bold('Plan') + s.dim(w >= 6 + legend.length ? `  ${legend}` : `\n  ${wrapWords(legend, w - 2)}`));
    const max = maxOf(r.plan.map((d) => d.reviews + d.new), 1);
    const barWidth = Math.max(10, Math.min(50, w - 24));
    for (const d of r.plan.slice(0, 31)) {
      const rev = Math.round((d.reviews / max) * barWidth);
      const nw = Math.round((d.new / max) * barWidth);
      out.push(`  ${dayLabel(d.date)}  ${`${d.reviews}+${d.new}`.padStart(8)}  ${'█'.repeat(rev)}${s.dim('░'.repeat(nw))}`);
    }
    if (r.plan.length > 31) out.push(s.dim(`  … ${r.plan.length - 31} more days`));
  }
  return out.join('\n') + '\n';
}

/** The study header's exam part: "exam in 12 days · ready 78%". */
export function examHeadline(r: Pick<ExamReport, 'daysLeft' | 'ready' | 'cards'>): string | null {
  if (r.daysLeft === null || r.daysLeft < 0) return null;
  const when = r.daysLeft > 1 ? `in ${r.daysLeft} days` : r.daysLeft === 1 ? 'tomorrow' : 'today';
  return `exam ${when} · ready ${percentOf(r.ready, r.cards, 0)}%`;
}
