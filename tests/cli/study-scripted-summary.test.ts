// The summary of a scripted study (`recall study --answers`): an answer to a card that is not in
// today's queue is not used, and the run says so instead of dropping it in silence; its JSON form
// needs --answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recall, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;
beforeEach(() => {
  home = tempHome();
  env = { RECALL_HOME: path.join(home.dir, 'store'), RECALL_NOW: '2026-03-10T10:00:00Z' };
});
afterEach(() => home.cleanup());

// The README's example: 7 cards of iam-users-vs-roles (27 new), with 20 new cards a day. The last
// card of the deck, explain-user-vs-role, is past today's 20.
const ANSWERS = 'role-definition: b\nexplain-user-vs-role: good\n';

describe('study --answers with an answer for a card not in today\'s queue', () => {
  it('names the unused answer and how to take more new cards', async () => {
    fs.writeFileSync(path.join(home.dir, 'a.yaml'), ANSWERS);
    const r = await recall(['study', 'iam-users-vs-roles', '--answers', path.join(home.dir, 'a.yaml')], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^good +iam-users-vs-roles\/role-definition /m);
    expect(r.out).toContain("Not used: 1 answer for cards not in today's queue (iam-users-vs-roles/explain-user-vs-role)");
    expect(r.out).toContain('--new N takes more');
    const json = await recall(['study', 'iam-users-vs-roles', '--answers', path.join(home.dir, 'a.yaml'), '--reporter', 'json'], { env: { ...env, RECALL_HOME: path.join(home.dir, 'other') } });
    expect(JSON.parse(json.out)).toMatchObject({ reviewed: 1, notInQueue: 1 });
  });

  it('says nothing when every answer was used', async () => {
    fs.writeFileSync(path.join(home.dir, 'a.yaml'), ANSWERS);
    const r = await recall(['study', 'iam-users-vs-roles', '--new', '30', '--answers', path.join(home.dir, 'a.yaml')], { env });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Not used');
    expect(r.out).toMatch(/^good +iam-users-vs-roles\/explain-user-vs-role /m);
  });
});

describe('study --reporter json without --answers', () => {
  it('is exit 2 saying it needs --answers (in a terminal it was ignored)', async () => {
    const r = await recall(['study', '--reporter', 'json'], { env });
    expect(r.code).toBe(2);
    expect(r.err).toBe('recall: --reporter json is the summary of a scripted study: give the answers with --answers FILE (interactive study prints its own summary)\n');
    expect(r.out).toBe('');
  });
});
