// An empty cloze blank or an empty typed answer reads as such in every quiz report: joined as it
// was, a blank left empty showed as nothing between the bars (" | x") and an empty answer as
// nothing at all ("given:    "). The exact texts stay in JSON's `picked`.
import { describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const work = workFolder({ RECALL_NOW: '2026-03-10T10:00:00Z' });

const DECK = `deck: cz
title: Blanks
cards:
  - id: river
    type: cloze
    text: "The {{Rhine}} flows into the {{North Sea}}."
  - id: one
    type: cloze
    text: "Paris is in {{France}}."
  - id: t
    type: typed
    prompt: Name the river through Paris
    answer: Seine
`;
const ANSWERS = JSON.stringify({ river: ['', 'x'], one: '  ', t: '' });

describe('empty answers in quiz reports', () => {
  const quiz = async (reporter: string) => {
    work.write('cz.yaml', DECK);
    work.write('answers.json', ANSWERS);
    const r = await work.run(['quiz', 'cz.yaml', '--answers', 'answers.json', '--reporter', reporter, '--seed', '1']);
    expect(r.code).toBe(1); // all wrong
    return r.out;
  };

  it('text: an empty blank is ___, an empty answer (empty)', async () => {
    const out = await quiz('text');
    expect(out).toContain('    given:    ___ | x\n');
    expect(out).toContain('  cz/one [cloze]\n    given:    ___\n');
    expect(out).toContain('  cz/t [typed]\n    given:    (empty)\n');
    expect(out).not.toMatch(/given: +\n|given: +\|/);
  });

  it('json: given reads the same, picked keeps the exact texts', async () => {
    const items = JSON.parse(await quiz('json')).items as Array<{ id: string; given: string; picked: unknown; answered: boolean }>;
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(byId.river).toMatchObject({ given: '___ | x', picked: ['', 'x'], answered: true });
    expect(byId.one).toMatchObject({ given: '___', picked: ['  '], answered: true });
    expect(byId.t).toMatchObject({ given: '(empty)', picked: '', answered: true });
  });

  it('tap and junit', async () => {
    const tap = await quiz('tap');
    expect(tap).toContain('  given: "___ | x"');
    expect(tap).toContain('  given: "(empty)"');
    const junit = await quiz('junit');
    expect(junit).toContain('message="expected Rhine | North Sea, given ___ | x"');
    expect(junit).toContain('message="expected Seine, given (empty)"');
    expect(junit).not.toMatch(/given \|| given "/);
  });
});
