// A journal with everything `recall stats` has to weigh, made from a seed: study and quiz answers
// (quiz runs with a session id and old ones without), quiz entries for unanswered decks, undos (one
// in ten of a review not written yet), card and deck resets, unsuspends, wrong choice answers with
// `picked` or the `given` labels older journals kept, times with an offset instead of Z, lines that
// are not JSON or that the validator refuses, a deck with no file, and a torn or whole last line.
// The text is returned as it would lie on disk.

const DECKS: Record<string, string[]> = {
  'iam-exam-deep-dive': ['passrole-launch-ec2', 'passrole-escalation', 'x1', 'x2'],
  'iam-users-vs-roles': ['a', 'b', 'c'],
  'ghost-deck': ['g1', 'g2', 'g3'],
};

export function richJournal(seed: number, tail: 'none' | 'torn' | 'whole', entries = 3000): string {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const state = (t: number, st: number) => ({
    due: new Date(t + 86_400_000 * (1 + Math.floor(rnd() * 20))).toISOString(),
    stability: 1 + rnd() * 50,
    difficulty: 1 + rnd() * 9,
    elapsed_days: 1,
    scheduled_days: 3,
    learning_steps: 0,
    reps: 3,
    lapses: Math.floor(rnd() * 3),
    state: st,
    last_review: new Date(t).toISOString(),
    hash: 'h',
  });
  const out: unknown[] = [];
  const ids: string[] = [];
  let t = Date.UTC(2026, 0, 1, 3);
  let sessions = 0;
  for (let i = 0; i < entries; i++) {
    t += Math.floor(rnd() * 3 * 3_600_000);
    const deck = pick(Object.keys(DECKS));
    const card = pick(DECKS[deck]!);
    const r = rnd();
    const id = `e${i}-${Math.floor(rnd() * 1e9).toString(36)}`;
    const at = rnd() < 0.05 ? new Date(t).toISOString().replace('Z', '+00:00') : new Date(t).toISOString();
    if (r < 0.55) {
      const right = rnd() < 0.8;
      const e: Record<string, unknown> = { id, op: 'review', at, deck, card, kind: 'study', rating: right ? pick(['good', 'easy', 'hard']) : 'again', correct: rnd() < 0.1 ? null : right, ms: rnd() < 0.05 ? 0 : Math.floor(rnd() * 20_000) };
      if (!right && rnd() < 0.5) {
        if (rnd() < 0.5) e.picked = [1, 2];
        else e.given = pick(['b) sts:AssumeRole on AppRole', "a) iam:PassRole on AppRole's ARN", 'nonsense', 3]);
        e.expected = 'x';
      }
      if (rnd() < 0.7) e.before = pick([1, 2, 2, 2, 3]);
      e.state = state(t, pick([1, 2, 2, 3]));
      out.push(e);
      ids.push(id);
    } else if (r < 0.8) {
      const legacy = rnd() < 0.4;
      const session = `s${sessions++}`;
      const n = 1 + Math.floor(rnd() * 5);
      for (let k = 0; k < n; k++) {
        const right = rnd() < 0.7;
        const e: Record<string, unknown> = { id: `${id}q${k}`, op: 'review', at: new Date(t + k * 1000).toISOString(), deck, card: pick(DECKS[deck]!), kind: 'quiz', rating: right ? 'good' : 'again', correct: right, ms: 3000 };
        if (rnd() < 0.8) e.questions = n + 1;
        if (!legacy) e.session = session;
        if (!right && rnd() < 0.6) e.picked = [Math.floor(rnd() * 4)];
        e.state = null;
        out.push(e);
        ids.push(e.id as string);
      }
      if (!legacy && rnd() < 0.4) out.push({ id: `${id}qq`, op: 'quiz', at: new Date(t).toISOString(), deck: pick(Object.keys(DECKS)), session, questions: 3 });
    } else if (r < 0.88 && ids.length > 0) {
      out.push({ id, op: 'undo', at, deck, card, ref: rnd() < 0.1 ? `e${i + 5}-future` : pick(ids.slice(-30)), state: null });
    } else if (r < 0.92) {
      out.push(rnd() < 0.02 ? { id, op: 'reset', at, deck, reason: 'user' } : { id, op: 'reset', at, deck, card, reason: pick(['user', 'answer-changed']) });
    } else if (r < 0.95) {
      out.push({ id, op: 'unsuspend', at, deck, card, state: state(t, 2) });
    } else if (r < 0.97) {
      out.push('this is not json');
    } else {
      out.push({ id, op: 'review', at: 'yesterday', deck, card, kind: 'study', rating: 'good', correct: true, ms: 1, state: null });
    }
  }
  let text = out.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)) + '\n').join('');
  if (tail === 'torn') text += '{"id":"torn","op":"rev';
  if (tail === 'whole') text += JSON.stringify({ id: 'last', op: 'review', at: new Date(t + 1000).toISOString(), deck: 'ghost-deck', card: 'g1', kind: 'study', rating: 'good', correct: true, ms: 10, state: null });
  return text;
}
