// Deck text (and typed answers) never reach a terminal or a report raw: a hostile deck through the
// built binary, on the scripted reports and on the interactive results screen.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanTemps, endTerminals, ensureBuilt, FIXTURES, recall, tempDir, Tmux } from './helpers.js';

const DECK = path.join(FIXTURES, 'hostile-escapes.yaml');
/** What may not come through: ESC, BEL and other C0 controls but \t and \n, DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const rawIn = (text: string) => {
  const m = RAW.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30))}` : null;
};
const ANSWERS = JSON.stringify({ osc: true, typed: 'wrong \u001b]52;c;Z2l2ZW4=\u0007 \u009b2J \u202e given' });

beforeAll(ensureBuilt);
afterAll(cleanTemps);

describe('scripted reports of a hostile deck', () => {
  it.each(['text', 'json', 'tap', 'junit'])('the %s report has no raw control characters, on stdout and in --output', (reporter) => {
    const home = tempDir();
    const out = path.join(home, `report.${reporter}`);
    const toStdout = recall(['quiz', DECK, '--answers', '-', '--reporter', reporter], { home, input: ANSWERS });
    // Both answers are wrong: the quiz fails its pass mark (exit 1), which is not the point here.
    expect(toStdout.code).toBe(1);
    expect(rawIn(toStdout.stdout)).toBeNull();
    expect(rawIn(toStdout.stderr)).toBeNull();
    const toFile = recall(['quiz', DECK, '--answers', '-', '--reporter', reporter, '--output', out], { home, input: ANSWERS });
    expect(toFile.code).toBe(1);
    expect(rawIn(fs.readFileSync(out, 'utf8'))).toBeNull();
    expect(rawIn(toFile.stdout)).toBeNull();
    // The text is still there, shown inert.
    expect(toStdout.stdout).toMatch(/52;c;Z2l2ZW4=/);
  });

  it('the JSON report keeps every value exactly: escapes are \\u escapes, not removed', () => {
    const home = tempDir();
    const r = recall(['quiz', DECK, '--answers', '-', '--reporter', 'json'], { home, input: ANSWERS });
    const report = JSON.parse(r.stdout);
    const typed = report.items.find((i: { id: string }) => i.id === 'typed');
    expect(typed.given).toBe('wrong \u001b]52;c;Z2l2ZW4=\u0007 \u009b2J \u202e given');
    expect(typed.expected).toBe('ans\u001b[2Jwer');
    expect(Object.keys(report.byTag)).toContain('bidi\u202eevil');
    expect(r.stdout).toContain('\\u202e');
  });

  it('the study JSON report is inert too', () => {
    const home = tempDir();
    const r = recall(['study', DECK, '--answers', '-', '--reporter', 'json'], { home, input: ANSWERS });
    expect(r.code).toBe(0);
    expect(rawIn(r.stdout)).toBeNull();
  });
});

describe('JSON and data output of a hostile deck', () => {
  // JSON.stringify escapes only U+0000-U+001F: DEL, C1 (U+009B is CSI on its own) and bidi
  // controls of deck text, tags, deck ids or file names came through raw on these.
  const answered = () => {
    const home = tempDir();
    expect(recall(['quiz', DECK, '--answers', '-'], { home, input: ANSWERS }).code).toBe(1);
    return home;
  };

  it.each([['stats', '--json'], ['exam', '--json']])('%s %s is inert and keeps every value exactly', (command, flag) => {
    const home = answered();
    const r = recall([command, DECK, flag], { home });
    expect(r.code).toBe(0);
    expect(rawIn(r.stdout)).toBeNull();
    expect(r.stdout).toContain('bidi\\u202eevil');
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('bidi\u202eevil');
  });

  it('progress export is inert on stdout and in a file, and imports back to the same values', () => {
    const home = answered();
    const r = recall(['progress', 'export'], { home });
    expect(r.code).toBe(0);
    expect(rawIn(r.stdout)).toBeNull();
    const file = path.join(home, 'export.json');
    expect(recall(['progress', 'export', file], { home }).code).toBe(0);
    expect(rawIn(fs.readFileSync(file, 'utf8'))).toBeNull();
    const review = JSON.parse(r.stdout).reviews.find((x: { card: string }) => x.card === 'typed');
    expect(review.given).toBe('wrong \u001b]52;c;Z2l2ZW4=\u0007 \u009b2J \u202e given');
    const other = tempDir();
    expect(recall(['progress', 'import', file], { home: other }).code).toBe(0);
    const again = JSON.parse(recall(['progress', 'export'], { home: other }).stdout).reviews.find((x: { card: string }) => x.card === 'typed');
    expect(again.given).toBe(review.given);
  });

  it('deck lint --format json is inert for a hostile file name', () => {
    const home = tempDir();
    const name = path.join(home, 'deck\u202e\u009b.yaml');
    fs.copyFileSync(DECK, name);
    const r = recall(['deck', 'lint', name, '--format', 'json'], { home });
    expect(r.code).toBe(0);
    expect(rawIn(r.stdout)).toBeNull();
    expect(JSON.parse(r.stdout).diagnostics[0].file).toBe(name);
  });

  it('deck export --format csv (Anki text, stdout by default) is inert', () => {
    const home = tempDir();
    const r = recall(['deck', 'export', DECK, '--format', 'csv'], { home });
    expect(r.code).toBe(0);
    expect(rawIn(r.stdout)).toBeNull();
    expect(r.stdout).toContain('Clipboard \\e]52;c;SGFja2Vk\\x07');
  });
});

describe('the interactive results screen of a hostile deck', () => {
  let t: Tmux | undefined;
  afterEach(endTerminals);

  it('shows the per-tag table and the misses walk-through with every escape neutralised', async () => {
    const home = tempDir();
    const raw = path.join(home, 'raw.log');
    t = new Tmux();
    t.start(['quiz', DECK, '--seed', '3'], home);
    // Every byte recall writes, before tmux interprets it.
    t.pipe(`cat >> ${raw}`);
    await t.waitFor(/Question 1 of 2/, 'question 1');
    for (let n = 1; n <= 2; n++) {
      const s = await t.waitFor(new RegExp(`Question ${n} of 2`), `question ${n}`);
      if (/Clipboard/.test(s)) t.keys('t', 'Enter');
      else {
        t.type('nope');
        t.keys('Enter');
      }
    }
    await t.waitFor(/Review · 2\/2 answered/, 'the review screen');
    t.keys('s');
    // "s" submits, or moves to the submit row, depending on the review screen's version.
    const after = await t.waitFor((x) => x.includes('Score:') || x.includes('> [ Submit the quiz ]'), 'submit');
    if (!after.includes('Score:')) t.keys('Enter');
    const screen = await t.output(20_000);
    expect(screen).toMatch(/By tag \(weakest first\)/);
    expect(screen).toMatch(/Missed \(2\)/);
    expect(screen).toContain('net\\e]52;c;SGFja2Vk\\x07');
    expect(screen).toContain('\\e]52;c;SGFja2Vk');
    const bytes = fs.readFileSync(raw, 'latin1');
    // inquirer draws with CSI sequences of its own; what must never appear is the deck's.
    expect(bytes).not.toContain('\u001b]52;');
    expect(bytes).not.toContain('\u001b]0;');
    expect(bytes).not.toContain('\u0007');
    expect(bytes).not.toContain('\u001b[3J');
    const text = fs.readFileSync(raw, 'utf8');
    expect(text).not.toMatch(/[\u0080-\u009F\u202A-\u202E\u2066-\u2069]/);
  }, 60_000);
});
