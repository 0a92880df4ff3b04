// Grading through the commands: typo tolerance (forgiven typos rate Hard, different words are
// wrong), the author's `typos: false`, and basic cards with `accept` in a scripted quiz.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

const DECK = `deck: grading
title: Grading
cards:
  - id: put
    type: typed
    prompt: Which S3 API call uploads an object?
    answer: PutObject
  - id: assume
    type: typed
    prompt: Which STS API call assumes a role?
    answer: sts:AssumeRole
  - id: effect
    type: typed
    prompt: Which effect wins over an Allow?
    answer: Deny
  - id: capital
    type: typed
    prompt: Capital of France?
    answer: Paris
`;

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(deck = DECK): { dir: string; env: Record<string, string>; deckFile: string } {
  const home = tempHome();
  cleanup = home.cleanup;
  const deckFile = path.join(home.dir, 'deck.yaml');
  fs.writeFileSync(deckFile, deck);
  return { dir: home.dir, env: { RECALL_HOME: path.join(home.dir, 'home'), RECALL_NOW: '2026-03-01T10:00:00Z' }, deckFile };
}

function journal(dir: string): Array<Record<string, unknown>> {
  return fs.readFileSync(path.join(dir, 'home', 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('typo tolerance in scripted runs', () => {
  it('marks a different word wrong in a quiz: GetObject, AssumeRoot, Dent, Parus', async () => {
    const { env, deckFile } = setup();
    const answers = JSON.stringify({ put: 'GetObject', assume: 'sts:AssumeRoot', effect: 'Dent', capital: 'Parus' });
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: answers });
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    expect(report.items.map((i: { id: string; correct: boolean }) => `${i.id}:${i.correct}`).sort()).toEqual(['assume:false', 'capital:false', 'effect:false', 'put:false']);
    expect(report.correct).toBe(0);
  });

  it('accepts a real typo in a long word in a quiz and records it as Hard, not Good', async () => {
    const { dir, env, deckFile } = setup();
    const answers = JSON.stringify({ put: 'PutObjct', assume: 'sts:AssumeRole', effect: 'deny', capital: 'PARIS' });
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: answers });
    expect(JSON.parse(r.out).correct).toBe(4);
    const ratings = Object.fromEntries(journal(dir).map((e) => [e.card, e.rating]));
    expect(ratings).toEqual({ put: 'hard', assume: 'good', effect: 'good', capital: 'good' });
  });

  it('rates a forgiven typo Hard in scripted study', async () => {
    const { env, deckFile } = setup();
    const answers = JSON.stringify({ put: 'PutObjct', assume: 'sts:AssumeRole' });
    const r = await recall(['study', deckFile, '--new', '10', '--answers', '-', '--reporter', 'json'], { env, stdin: answers });
    expect(r.err).toBe('');
    const items = JSON.parse(r.out).items as Array<{ id: string; rating: string; correct: boolean }>;
    expect(items.map((i) => `${i.id}:${i.rating}:${i.correct}`)).toEqual(['put:hard:true', 'assume:good:true']);
  });
});

describe('typos: false', () => {
  const STRICT = `deck: strict
title: Strict
typos: false
cards:
  - id: put
    type: typed
    prompt: Which S3 API call uploads an object?
    answer: PutObject
  - id: assume
    type: typed
    prompt: Which STS API call assumes a role?
    answer: AssumeRole
    typos: true
`;

  it("forgives no typo on the deck's cards, unless a card turns it back on", async () => {
    const { env, deckFile } = setup(STRICT);
    const answers = JSON.stringify({ put: 'PutObjct', assume: 'AsumeRole' });
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: answers });
    expect(r.err).toBe('');
    const items = JSON.parse(r.out).items as Array<{ id: string; correct: boolean }>;
    expect(items.map((i) => `${i.id}:${i.correct}`).sort()).toEqual(['assume:true', 'put:false']);
  });

  it('is a lint error at file:line:col when it is not true or false', async () => {
    const { env, deckFile } = setup(STRICT.replace('typos: false', 'typos: "no"'));
    const r = await recall(['deck', 'lint', deckFile], { env });
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain(`${deckFile}:3:8: error WRONG_TYPE "typos" should be true or false`);
  });
});

describe('basic cards with accept in a scripted quiz', () => {
  const BASIC = `deck: ports
title: Ports
cards:
  - id: http
    type: basic
    front: Default HTTP port?
    back: Port 80, unless configured otherwise
    accept: ['80', eighty]
  - id: mood
    type: basic
    front: Which word means all is well?
    back: Good
    accept: [good]
`;

  it('grades them on their text: a rating word is not a right answer', async () => {
    const { dir, env, deckFile } = setup(BASIC);
    const answers = JSON.stringify({ http: 'good', mood: 'good' });
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: answers });
    expect(r.err).toBe('');
    const items = JSON.parse(r.out).items as Array<{ id: string; correct: boolean; given: string }>;
    expect(items.map((i) => `${i.id}:${i.correct}:${i.given}`).sort()).toEqual(['http:false:good', 'mood:true:good']);
    expect(journal(dir).find((e) => e.card === 'http')).toMatchObject({ rating: 'again', correct: false });
  });
});

describe('numbers in typed answers', () => {
  const NUMBERS = `deck: numbers
title: Numbers
cards:
  - id: tls
    type: typed
    prompt: Which TLS version must the endpoint require at least?
    answer: TLS 1.2
  - id: cidr
    type: typed
    prompt: Which CIDR block gives the VPC 65,536 addresses starting at 10.0.0.0?
    answer: 10.0.0.0/16
  - id: limit
    type: cloze
    text: "A role session lasts {{1}} hour by default and at most {{12}} hours."
  - id: objects
    type: typed
    prompt: How many objects may one DeleteObjects call name?
    answer: "1,000"
`;

  it('grades other numbers wrong in a quiz and in study, whatever the punctuation folding joins', async () => {
    const { dir, env, deckFile } = setup(NUMBERS);
    const wrong = JSON.stringify({ tls: 'TLS 12', cidr: '100.0.0/16', limit: ['1', '1 2'], objects: '1000' });
    const q = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: wrong });
    expect(q.err).toBe('');
    const items = JSON.parse(q.out).items as Array<{ id: string; correct: boolean }>;
    expect(items.map((i) => `${i.id}:${i.correct}`)).toEqual(['tls:false', 'cidr:false', 'limit:false', 'objects:true']);
    const s = await recall(['study', deckFile, '--new', '10', '--answers', '-', '--reporter', 'json'], { env, stdin: JSON.stringify({ tls: 'tls 1.2', cidr: '10.0.0.0 / 16' }) });
    expect(s.err).toBe('');
    const studied = JSON.parse(s.out).items as Array<{ id: string; rating: string; correct: boolean }>;
    expect(studied.map((i) => `${i.id}:${i.rating}:${i.correct}`)).toEqual(['tls:good:true', 'cidr:good:true']);
    expect(journal(dir).filter((e) => e.card === 'tls').map((e) => e.correct)).toEqual([false, true]);
  });
});

describe('invisible characters', () => {
  it('grades the answer typed without the zero-width space the deck answer holds as right, and not as a typo', async () => {
    const deck = `deck: invisible\ntitle: Invisible\ncards:\n  - id: assume\n    type: typed\n    prompt: Which STS call returns a role's credentials?\n    answer: "sts:Assume\\u200BRole"\n`;
    const { dir, env, deckFile } = setup(deck);
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: JSON.stringify({ assume: 'sts:AssumeRole' }) });
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).correct).toBe(1);
    expect(journal(dir).find((e) => e.card === 'assume')).toMatchObject({ rating: 'good', correct: true });
  });
});

describe('numbers in a YAML answers file', () => {
  it('takes a number as written: 1.20 answers "1.20", not the 1.2 YAML reads', async () => {
    const deck = `deck: versions\ntitle: Versions\ncards:\n  - id: ver\n    type: typed\n    prompt: Which version?\n    answer: "1.20"\n  - id: hex\n    type: typed\n    prompt: Which hex?\n    answer: "0x10"\n  - id: tf\n    type: truefalse\n    statement: A statement.\n    answer: true\n`;
    const { env, deckFile } = setup(deck);
    const r = await recall(['quiz', deckFile, '--answers', '-', '--reporter', 'json', '--pass', '0'], { env, stdin: 'ver: 1.20\nhex: 0x10\ntf: true\n' });
    expect(r.err).toBe('');
    const items = JSON.parse(r.out).items as Array<{ id: string; correct: boolean; given: string }>;
    expect(items.map((i) => `${i.id}:${i.correct}:${i.given}`)).toEqual(['ver:true:1.20', 'hex:true:0x10', 'tf:true:true']);
  });
});
