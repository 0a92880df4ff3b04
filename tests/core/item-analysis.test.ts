import { describe, expect, it } from 'vitest';
import { analyze, correlation, worstFirst, type Report, type ReportItem } from '../../src/core/item-analysis.js';
import { renderAnalysisMarkdown } from '../../src/core/item-analysis-text.js';
import { rng } from '../../src/core/random.js';

const OPTIONS = [
  { text: 'key', correct: true },
  { text: 'distractor one', correct: false },
  { text: 'distractor two', correct: false },
];

function choice(id: string, picked: number): ReportItem {
  return { deck: 'd', id, hash: `h-${id}`, type: 'choice', correct: picked === 0, picked, options: OPTIONS };
}

function report(student: string | null, picks: Record<string, number>, at = '2026-11-01T10:00:00Z', source = `${student}.json`): Report {
  return { source, student, at, items: Object.entries(picks).map(([id, p]) => choice(id, p)) };
}

// Five students, three items, key = option 0. Every number below is worked out by hand in the
// comments (totals A 3, B 2, C 1, D 1, E 0; mean 1.4; population variance 1.04).
const CLASS: Report[] = [
  report('A', { X: 0, Y: 0, Z: 0 }),
  report('B', { X: 0, Y: 0, Z: 1 }),
  report('C', { X: 0, Y: 1, Z: 1 }),
  report('D', { X: 1, Y: 0, Z: 1 }),
  report('E', { X: 2, Y: 1, Z: 2 }),
];

describe('item analysis: a class worked out by hand', () => {
  const a = analyze(CLASS);
  const item = (id: string) => a.items.find((i) => i.id === id)!;

  it('test level: students, items, mean, SD, KR-20 and SEM', () => {
    expect(a.students).toBe(5);
    // Σpq = .24 + .24 + .16 = .64; KR-20 = 3/2 · (1 − .64/1.04) = .576923; SD = √1.04; SEM = SD·√(1 − KR-20)
    expect(a.test).toEqual({ students: 5, items: 3, mean: 1.4, sd: 1.0198, kr20: 0.5769, sem: 0.6633 });
  });

  it('facility, rest-score discrimination and the upper-lower index', () => {
    // X: item [1,1,1,0,0] vs rest [2,1,0,1,0]: sxy .6, sxx 1.2, syy 2.8 → .6/√3.36 = .327327
    expect(item('X')).toMatchObject({ n: 5, facility: 0.6, discrimination: 0.3273, upperLower: 1 });
    // Z: item [1,0,0,0,0] vs rest [2,2,1,1,0]: sxy .8, sxx .8, syy 2.8 → .8/√2.24 = .534522
    expect(item('Z')).toMatchObject({ n: 5, facility: 0.2, discrimination: 0.5345, upperLower: 1 });
    expect(item('Y')).toMatchObject({ facility: 0.6, discrimination: 0.3273 });
  });

  it('per option: count, share, upper and lower group shares, point-biserial against the total', () => {
    // Upper 27% of 5 = 1 student (A), lower = 1 (E).
    expect(item('X').options).toEqual([
      { index: 0, text: 'key', correct: true, count: 3, share: 0.6, upper: 1, lower: 0, pointBiserial: 0.7206 }, // 1.8/√6.24
      { index: 1, text: 'distractor one', correct: false, count: 1, share: 0.2, upper: 0, lower: 0, pointBiserial: -0.1961 }, // −.4/√4.16
      { index: 2, text: 'distractor two', correct: false, count: 1, share: 0.2, upper: 0, lower: 1, pointBiserial: -0.6864 }, // −1.4/√4.16
    ]);
    expect(item('Y').options[2]).toEqual({ index: 2, text: 'distractor two', correct: false, count: 0, share: 0, upper: 0, lower: 0, pointBiserial: null });
    expect(item('Z').options[1]!.pointBiserial).toBe(-0.0801); // −.2/√6.24
  });

  it('flags with the documented thresholds', () => {
    expect(item('X').flags).toEqual(['small-sample']);
    expect(item('Y').flags).toEqual(['non-functioning-distractor', 'small-sample']);
    expect(item('Z').flags).toEqual(['too-hard', 'small-sample']);
  });
});

describe('the markdown table', () => {
  it('counts one report and one student in the singular, as the text format does', () => {
    const md = renderAnalysisMarkdown(analyze([report('A', { X: 0 })]));
    expect(md).toContain('1 report, 1 student, 1 item. Mean');
    expect(renderAnalysisMarkdown(analyze(CLASS))).toContain('5 reports, 5 students, 3 items. Mean');
  });
});

describe('who counts', () => {
  it('counts a student once per item, from the latest report', () => {
    const a = analyze([report('A', { X: 1 }, '2026-11-01T10:00:00Z', 'a1.json'), report('A', { X: 0 }, '2026-11-02T10:00:00Z', 'a2.json'), report('B', { X: 1 })]);
    expect(a.students).toBe(2);
    expect(a.reports).toBe(3);
    expect(a.items[0]).toMatchObject({ n: 2, facility: 0.5 });
    // The order of the files does not matter: the later `at` wins.
    const b = analyze([report('A', { X: 0 }, '2026-11-02T10:00:00Z', 'a2.json'), report('A', { X: 1 }, '2026-11-01T10:00:00Z', 'a1.json'), report('B', { X: 1 })]);
    expect(b.items[0]!.facility).toBe(0.5);
  });

  it('shows no KR-20 (and no SEM) when the approximation for students who saw different items passes 1', () => {
    // A got both items right, B saw only X and got it right: Σpq = 0, variance .25, KR-20 = 2/1 = 2.
    const a = analyze([report('A', { X: 0, Y: 0 }), report('B', { X: 0 })]);
    expect(a.test).toMatchObject({ students: 2, items: 2, mean: 1.5, sd: 0.5, kr20: null, sem: null });
    // everyone seeing every item keeps its figure
    expect(analyze(CLASS).test.kr20).toBe(0.5769);
  });

  it('treats reports without a student id as one student each', () => {
    const a = analyze([report(null, { X: 0 }, undefined, 'one.json'), report(null, { X: 0 }, undefined, 'two.json')]);
    expect(a.students).toBe(2);
  });

  it('analyses each item over the students who saw it, and a changed card as a new item', () => {
    const changed: Report = { source: 'c.json', student: 'C', at: '2026-11-01T10:00:00Z', items: [{ ...choice('X', 0), hash: 'h-X-v2' }] };
    const a = analyze([report('A', { X: 0, Y: 1 }), report('B', { Y: 0 }), changed]);
    expect(a.items.map((i) => [i.id, i.hash, i.n])).toEqual([
      ['X', 'h-X', 1],
      ['Y', 'h-Y', 2],
      ['X', 'h-X-v2', 1],
    ]);
  });
});

describe('correlation', () => {
  it.each([
    [[1, 2, 3], [2, 4, 6], 1],
    [[1, 2, 3], [3, 2, 1], -1],
    [[1, 1, 1], [1, 2, 3], null],
    [[1], [1], null],
  ])('r(%j, %j) = %s', (x, y, r) => {
    const got = correlation(x, y);
    if (r === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(r, 12);
  });
});

describe('a simulated class (2PL) with planted flaws', () => {
  // 400 students with ability θ ~ N(0,1); 12 items with P(right) = σ(a(θ − b)). Planted:
  // - "miskeyed": the deck's key is the option strong students avoid (they pick what is really right);
  // - "dead": a distractor nobody picks;
  // - "easy": b = −4, nearly everyone right.
  const r = rng(2024);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const items = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, a: 1.5, b: -1 + (i % 5) * 0.5 }));
  items.push({ id: 'easy', a: 1.5, b: -4 }, { id: 'dead', a: 1.5, b: 0 }, { id: 'miskeyed', a: 1.5, b: 0 });
  const reports: Report[] = Array.from({ length: 400 }, (_, s) => {
    const theta = normal();
    return {
      source: `s${s}.json`,
      student: `s${s}`,
      at: '2026-11-01T10:00:00Z',
      items: items.map((it) => {
        const knows = r() < sigmoid(it.a * (it.b === -4 ? theta + 4 : theta - it.b));
        // Who does not know picks a wrong option at random (for "dead", never the last one).
        const wrongPick = it.id === 'dead' ? 1 : 1 + Math.floor(r() * 2);
        const truePick = knows ? 0 : wrongPick;
        if (it.id === 'miskeyed') {
          // The deck says option 1 is right; option 0 is what is really right.
          const options = [{ text: 'really right', correct: false }, { text: 'wrong key', correct: true }, { text: 'other', correct: false }];
          return { deck: 'd', id: it.id, hash: 'h', type: 'choice', correct: truePick === 1, picked: truePick, options };
        }
        return { deck: 'd', id: it.id, hash: 'h', type: 'choice', correct: truePick === 0, picked: truePick, options: OPTIONS };
      }),
    };
  });
  const a = analyze(reports);
  const flags = (id: string) => a.items.find((i) => i.id === id)!.flags;

  it('flags the miskeyed item for negative discrimination and a distractor that attracts the strong', () => {
    expect(flags('miskeyed')).toContain('negative-discrimination');
    expect(flags('miskeyed')).toContain('distractor-attracts-strong');
  });
  it('flags the dead distractor', () => expect(flags('dead')).toContain('non-functioning-distractor'));
  it('flags the very easy item', () => expect(flags('easy')).toContain('too-easy'));
  it('leaves the ordinary items without key or difficulty flags, and ranks the miskeyed item first', () => {
    for (const it of a.items.filter((i) => i.id.startsWith('q'))) {
      expect(it.flags).not.toContain('negative-discrimination');
      expect(it.flags).not.toContain('low-discrimination');
      expect(it.flags).not.toContain('small-sample');
    }
    expect(worstFirst(a.items)[0]!.id).toBe('miskeyed');
    expect(a.test.kr20!).toBeGreaterThan(0.6);
  });
});
