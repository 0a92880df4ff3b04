// Content checks for the bundled IAM decks. This reads the YAML directly (not through the loader)
// so the decks are held to the lesson's coverage even while the loader and linter change.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Raw = Record<string, unknown>;
interface RawOption {
  text?: unknown;
  correct?: unknown;
  why?: unknown;
}
interface RawCard extends Raw {
  id: string;
  type: string;
  tags?: string[];
}
interface RawDeck {
  deck: string;
  title: string;
  tags?: string[];
  cards: RawCard[];
}

const DECK_IDS = ['iam-users-vs-roles', 'iam-trust-vs-permissions', 'iam-exam-signals', 'iam-exam-deep-dive'] as const;
type DeckId = (typeof DECK_IDS)[number];
/** The decks that teach the lesson itself; iam-exam-deep-dive goes beyond it. */
const LESSON_DECKS: DeckId[] = ['iam-users-vs-roles', 'iam-trust-vs-permissions', 'iam-exam-signals'];
const DEEP_DIVE: DeckId = 'iam-exam-deep-dive';
/** The review's ten exam topics missing from the lesson, one tag each in the deep-dive deck. */
const DEEP_DIVE_TOPICS = [
  'passrole', 'container-roles', 'session-limits', 'guardrails', 'resource-policies', 'mfa', 'web-federation',
  'roles-anywhere', 'credential-hygiene', 'confused-deputy',
];
const SCHEMA_LINE = '# yaml-language-server: $schema=../docs/deck.schema.json';
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ALL_TYPES = ['basic', 'choice', 'multi', 'truefalse', 'typed', 'cloze', 'order'];
const CARD_TAGS = new Set([
  'credentials', 'trust-policy', 'permissions-policy', 'exam-signal', 'trap', 'federation', 'cross-account',
  'identity-center', 'sts', 'instance-profile', 'service-roles', 'external-id', 'iam-user', 'iam-role',
  'mental-model', 'beyond-lesson', ...DEEP_DIVE_TOPICS,
]);
const NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6 };

function fileOf(id: DeckId): string {
  return fileURLToPath(new URL(`../decks/${id}.yaml`, import.meta.url));
}
const sources = new Map<DeckId, string>(DECK_IDS.map((id) => [id, readFileSync(fileOf(id), 'utf8')]));
const decks = new Map<DeckId, RawDeck>(DECK_IDS.map((id) => [id, parse(sources.get(id)!) as RawDeck]));
const allCards = [...decks.values()].flatMap((d) => d.cards);

function card(deck: DeckId, id: string): RawCard | undefined {
  return decks.get(deck)?.cards.find((c) => c.id === id);
}
function options(c: RawCard): RawOption[] {
  return (c.choices as RawOption[] | undefined) ?? [];
}
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
function autoGradable(c: RawCard): boolean {
  return c.type !== 'basic' || (Array.isArray(c.accept) && c.accept.length > 0);
}

// The lesson's "Concepts Covered" (10), "SAA-C03 Exam Signals" (6) and "Common Traps" (6), each mapped
// to the cards that test it. Every listed card must exist and be auto-gradable.
type Ref = `${DeckId}/${string}`;
const COVERAGE: Record<string, Record<string, Ref[]>> = {
  concepts: {
    'IAM users': ['iam-users-vs-roles/user-definition', 'iam-users-vs-roles/user-attributes', 'iam-users-vs-roles/user-one-account'],
    'IAM roles': ['iam-users-vs-roles/role-definition', 'iam-users-vs-roles/who-can-assume', 'iam-users-vs-roles/role-no-standing-keys'],
    'Long-term credentials': ['iam-users-vs-roles/short-version-cloze', 'iam-users-vs-roles/badge-model-cloze', 'iam-exam-signals/signal-rotation-not-enough'],
    'Temporary credentials': ['iam-users-vs-roles/sts-credential-parts', 'iam-users-vs-roles/credentials-expire', 'iam-users-vs-roles/role-credential-lifetime'],
    Federation: ['iam-users-vs-roles/federation-meaning', 'iam-users-vs-roles/federation-keeps-iam'],
    'IAM Identity Center': ['iam-users-vs-roles/identity-center-typed', 'iam-users-vs-roles/identity-center-cloze'],
    'Instance profiles': ['iam-trust-vs-permissions/instance-profile-typed', 'iam-trust-vs-permissions/ec2-credentials-source', 'iam-trust-vs-permissions/ec2-role-order'],
    'Service roles': ['iam-trust-vs-permissions/service-linked-role', 'iam-trust-vs-permissions/services-act-via-roles', 'iam-trust-vs-permissions/execution-role-typed', 'iam-trust-vs-permissions/ecs-task-role-cloze'],
    'Cross-account access': ['iam-trust-vs-permissions/cross-account-both-sides', 'iam-trust-vs-permissions/cross-account-trust-alone', 'iam-trust-vs-permissions/cross-account-order'],
    'Exam traps around access keys': ['iam-users-vs-roles/why-roles-safer', 'iam-exam-signals/trap-keys-on-ec2', 'iam-exam-signals/trap-session-token'],
  },
  signals: {
    'Avoid long-term credentials': ['iam-exam-signals/signal-avoid-long-term', 'iam-exam-signals/signal-rotation-not-enough'],
    'Application on EC2 needs AWS API access': ['iam-exam-signals/signal-ec2-api'],
    'Lambda needs to access another AWS service': ['iam-exam-signals/signal-lambda', 'iam-exam-signals/signal-lambda-typed'],
    'Third-party account needs access': ['iam-exam-signals/signal-third-party', 'iam-exam-signals/signal-third-party-cloze'],
    'Human workforce access across accounts': ['iam-exam-signals/signal-workforce'],
    'Emergency access if the identity provider is unavailable': ['iam-exam-signals/signal-emergency', 'iam-exam-signals/signal-emergency-not-default'],
  },
  traps: {
    'IAM user keys stored on EC2 instead of an instance role': ['iam-exam-signals/trap-keys-on-ec2', 'iam-exam-signals/trap-keys-on-ec2-order'],
    'A new IAM user for every application': ['iam-exam-signals/trap-user-per-app', 'iam-exam-signals/trap-user-per-app-tf'],
    'Confusing trust policy with permissions': ['iam-exam-signals/trap-trust-vs-permissions', 'iam-exam-signals/trap-trust-vs-permissions-cloze'],
    'Assuming roles are least privilege': ['iam-exam-signals/trap-least-privilege', 'iam-exam-signals/trap-least-privilege-tf'],
    'Forgetting session tokens': ['iam-exam-signals/trap-session-token', 'iam-exam-signals/trap-session-token-multi', 'iam-exam-signals/trap-session-token-tf'],
    'Human IAM users in every account': ['iam-exam-signals/trap-user-per-account-tf', 'iam-exam-signals/signal-workforce'],
  },
};
const EXPECTED_COUNTS = { concepts: 10, signals: 6, traps: 6 };

describe('bundled IAM decks: shape', () => {
  it.each(DECK_IDS)('%s starts with the schema comment and has matching deck id and aws/iam tags', (id) => {
    expect(sources.get(id)!.split('\n')[0]).toBe(SCHEMA_LINE);
    const deck = decks.get(id)!;
    expect(deck.deck).toBe(id);
    expect(typeof deck.title).toBe('string');
    expect(deck.tags).toEqual(['aws', 'iam']);
    expect(deck.cards.length).toBeGreaterThan(0);
  });

  it('holds at least 60 cards across the three lesson decks', () => {
    expect(LESSON_DECKS.flatMap((id) => decks.get(id)!.cards).length).toBeGreaterThanOrEqual(60);
  });

  it('uses all seven card types overall and at least five in each deck', () => {
    expect(new Set(allCards.map((c) => c.type))).toEqual(new Set(ALL_TYPES));
    for (const deck of decks.values()) {
      expect(new Set(deck.cards.map((c) => c.type)).size, deck.deck).toBeGreaterThanOrEqual(5);
    }
  });

  it('keeps most cards auto-gradable', () => {
    const basic = allCards.filter((c) => !autoGradable(c));
    expect(basic.length).toBeLessThanOrEqual(allCards.length / 10);
  });

  it.each(DECK_IDS)('%s has kebab-case card ids with no duplicates', (id) => {
    const ids = decks.get(id)!.cards.map((c) => c.id);
    for (const cardId of ids) expect(cardId).toMatch(KEBAB);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tags cards only from the shared drill vocabulary', () => {
    for (const c of allCards) {
      expect(c.tags?.length ?? 0, c.id).toBeGreaterThan(0);
      for (const tag of c.tags ?? []) expect(CARD_TAGS.has(tag), `${c.id}: ${tag}`).toBe(true);
    }
  });

  it('keeps every string free of control characters', () => {
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    for (const deck of decks.values()) {
      for (const s of strings(deck)) expect(control.test(s), s).toBe(false);
    }
  });
});

describe('bundled IAM decks: per-type rules', () => {
  it('gives every choice and multi option non-empty text and a non-empty why', () => {
    for (const c of allCards.filter((c) => c.type === 'choice' || c.type === 'multi')) {
      expect(options(c).length, c.id).toBeGreaterThanOrEqual(2);
      expect(options(c).length, c.id).toBeLessThanOrEqual(8);
      for (const o of options(c)) {
        expect(typeof o.text === 'string' && o.text.trim() !== '', c.id).toBe(true);
        expect(typeof o.why === 'string' && o.why.trim() !== '', `${c.id}: ${String(o.text)}`).toBe(true);
      }
    }
  });

  it('marks exactly one correct option on every choice card', () => {
    for (const c of allCards.filter((c) => c.type === 'choice')) {
      expect(options(c).filter((o) => o.correct === true).length, c.id).toBe(1);
    }
  });

  it('makes "choose N" in a multi prompt match its number of correct options', () => {
    for (const c of allCards.filter((c) => c.type === 'multi')) {
      const correct = options(c).filter((o) => o.correct === true).length;
      expect(correct, c.id).toBeGreaterThanOrEqual(2);
      const m = /choose (\w+)/i.exec(String(c.prompt));
      expect(m, `${c.id} should say how many to choose`).not.toBeNull();
      const word = m![1]!.toLowerCase();
      expect(NUMBERS[word] ?? Number(word), c.id).toBe(correct);
    }
  });

  it('gives truefalse cards a boolean answer and typed cards a short answer with alternatives', () => {
    for (const c of allCards.filter((c) => c.type === 'truefalse')) expect(typeof c.answer, c.id).toBe('boolean');
    for (const c of allCards.filter((c) => c.type === 'typed')) {
      expect(typeof c.answer, c.id).toBe('string');
      expect(String(c.answer).split(' ').length, c.id).toBeLessThanOrEqual(4);
      expect(Array.isArray(c.accept) && c.accept.length > 0, c.id).toBe(true);
    }
  });

  it('gives cloze cards short blanks and order cards 3 to 8 items', () => {
    for (const c of allCards.filter((c) => c.type === 'cloze')) {
      const blanks = [...String(c.text).matchAll(/\{\{([^}]+)\}\}/g)].map((m) => m[1]!);
      expect(blanks.length, c.id).toBeGreaterThan(0);
      for (const alt of blanks.flatMap((b) => b.split('|'))) {
        expect(alt.trim().split(/\s+/).length, `${c.id}: ${alt}`).toBeLessThanOrEqual(4);
      }
    }
    for (const c of allCards.filter((c) => c.type === 'order')) {
      const items = c.items as unknown[];
      expect(items.length, c.id).toBeGreaterThanOrEqual(3);
      expect(items.length, c.id).toBeLessThanOrEqual(8);
    }
  });

  it('does not let the longest option give away the answer on choice cards', () => {
    const choice = allCards.filter((c) => c.type === 'choice');
    const tells = choice.filter((c) => {
      const opts = options(c);
      const right = opts.find((o) => o.correct === true)!;
      const len = (o: RawOption) => String(o.text).length;
      return opts.every((o) => o === right || len(o) < len(right));
    });
    expect(tells.length / choice.length).toBeLessThanOrEqual(0.35);
  });
});

describe('bundled IAM decks: lesson coverage', () => {
  it.each(Object.entries(EXPECTED_COUNTS))('lists all %s items of the lesson', (section, count) => {
    expect(Object.keys(COVERAGE[section]!)).toHaveLength(count);
  });

  const rows = Object.entries(COVERAGE).flatMap(([section, items]) =>
    Object.entries(items).map(([item, refs]) => [section, item, refs] as const),
  );
  it.each(rows)('%s: "%s" is tested by existing auto-gradable cards', (_section, _item, refs) => {
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const [deck, id] = ref.split('/') as [DeckId, string];
      const c = card(deck, id);
      expect(c, ref).toBeDefined();
      expect(autoGradable(c!), ref).toBe(true);
    }
  });

  it('tags every exam-signal and trap card it lists accordingly', () => {
    for (const [section, tag] of [['signals', 'exam-signal'], ['traps', 'trap']] as const) {
      for (const refs of Object.values(COVERAGE[section]!)) {
        const tagged = refs.some((ref) => {
          const [deck, id] = ref.split('/') as [DeckId, string];
          return card(deck, id)?.tags?.includes(tag);
        });
        expect(tagged, refs.join(', ')).toBe(true);
      }
    }
  });
});

// Item-writing rules from issue 12 (the blind review of the decks): cues that let a test-wise student
// score without knowing the material. The linter has its own rules; these pin the bundled decks.
const TYPED_LIKE = ['typed', 'cloze', 'order'];
/** Options about roles and their machinery: wrong role type, wrong policy, wrong principal, PassRole, sessions. */
const ROLE_BASED = /\broles?\b|PassRole|AssumeRole|polic(?:y|ies)|instance profile|principal|boundar|\bSCPs?\b|\bRCPs?\b|session|\.amazonaws\.com/i;
/** What "never pick the IAM-user option" would strike out. */
const USER_OPTION = /\bIAM users?\b|\baccess keys?\b|\bkey pairs?\b/i;
const ABSOLUTE = /\b(?:always|never|only|completely|entirely|guarantee[sd]?|totally|absolutely|none|nothing|nobody|no one)\b/i;
const NEGATIVE = /\b(?:not|except|false)\b|n't\b/;

function textOf(o: RawOption): string {
  return String(o.text);
}
function stemOf(c: RawCard): string {
  return String(c.prompt ?? c.statement ?? c.front ?? c.text ?? '');
}

describe('bundled IAM decks: item writing', () => {
  it.each(DECK_IDS)('%s has between 35 and 65 percent true answers among its true/false cards', (id) => {
    const tf = decks.get(id)!.cards.filter((c) => c.type === 'truefalse');
    expect(tf.length).toBeGreaterThan(0);
    const share = tf.filter((c) => c.answer === true).length / tf.length;
    expect(share, `${id}: ${share}`).toBeGreaterThanOrEqual(0.35);
    expect(share, `${id}: ${share}`).toBeLessThanOrEqual(0.65);
  });

  it('keeps absolutes (always, never, only...) out of true/false statements and options', () => {
    for (const c of allCards) {
      const texts = [...(c.type === 'truefalse' ? [String(c.statement)] : []), ...options(c).map(textOf)];
      for (const t of texts) expect(ABSOLUTE.exec(t)?.[0], `${c.id}: ${t}`).toBeUndefined();
    }
  });

  it('builds no prompt on a lower-case not / except / false, and offers no "all/none of the above"', () => {
    for (const c of allCards) {
      expect(NEGATIVE.exec(stemOf(c))?.[0], `${c.id}: ${stemOf(c)}`).toBeUndefined();
      for (const o of options(c)) expect(textOf(o), c.id).not.toMatch(/\b(?:all|none) of the (?:above|below)\b/i);
    }
  });

  it('explains every typed, cloze and order card', () => {
    for (const c of allCards.filter((c) => TYPED_LIKE.includes(c.type))) {
      expect(typeof c.explain === 'string' && c.explain.trim() !== '', c.id).toBe(true);
    }
  });

  it.each(DECK_IDS)('%s: at least half of the choice cards have two or more role-based options', (id) => {
    const choice = decks.get(id)!.cards.filter((c) => c.type === 'choice');
    const roleBased = choice.filter((c) => options(c).filter((o) => ROLE_BASED.test(textOf(o))).length >= 2);
    expect(roleBased.length * 2, roleBased.map((c) => c.id).join(', ')).toBeGreaterThanOrEqual(choice.length);
  });

  it('never lets "strike out the IAM-user option" find a key, and barely helps on average', () => {
    const choice = allCards.filter((c) => c.type === 'choice');
    let strategy = 0;
    let blind = 0;
    for (const c of choice) {
      const opts = options(c);
      const key = opts.find((o) => o.correct === true)!;
      const kept = opts.filter((o) => !USER_OPTION.test(textOf(o)));
      const pool = kept.length > 0 ? kept : opts;
      expect(kept.length === 1 && kept[0] === key, `${c.id}: every distractor is an IAM-user option`).toBe(false);
      strategy += pool.includes(key) ? 1 / pool.length : 0;
      blind += 1 / opts.length;
    }
    // Expected score of the strategy against blind guessing, over all choice cards.
    expect((strategy - blind) / choice.length).toBeLessThanOrEqual(0.1);
    // And sometimes the IAM user is the right answer.
    expect(choice.some((c) => USER_OPTION.test(textOf(options(c).find((o) => o.correct === true)!)))).toBe(true);
  });

  it.each(DECK_IDS)('%s: the key is the longest option no more often than chance, and never 1.8x the others', (id) => {
    const choice = decks.get(id)!.cards.filter((c) => c.type === 'choice');
    let longest = 0;
    let chance = 0;
    for (const c of choice) {
      const opts = options(c);
      const len = (o: RawOption) => textOf(o).length;
      const key = opts.find((o) => o.correct === true)!;
      const others = opts.filter((o) => o !== key);
      if (others.every((o) => len(o) < len(key))) longest++;
      chance += 1 / opts.length;
      const mean = others.reduce((sum, o) => sum + len(o), 0) / others.length;
      expect(len(key), `${c.id}: key ${len(key)} chars vs mean ${mean}`).toBeLessThan(1.8 * mean);
    }
    expect(longest).toBeLessThanOrEqual(chance);
  });
});

// The product's own item-writing rules (src/core/item-lint.ts, near-duplicate.ts) on every bundled
// deck, loaded together as `recall deck lint --strict` loads them, so NEAR_DUPLICATE also compares
// the decks with each other.
describe("bundled decks: the linter's item-writing rules", () => {
  it('report no diagnostic at all, and every waiver silences what it names', async () => {
    const { loadDecks } = await import('../src/adapters/load-decks.js');
    const root = fileURLToPath(new URL('..', import.meta.url));
    const { diagnostics, files, waivers } = await loadDecks([], root, { crossDeck: true });
    expect(files.length).toBeGreaterThanOrEqual(DECK_IDS.length);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([]);
    for (const w of waivers) expect(w.suppressed, `${w.file}:${w.line} ${w.why}`).toEqual(w.ignore);
  });
});

describe('bundled IAM decks: the deep dive beyond the lesson', () => {
  const cards = decks.get(DEEP_DIVE)!.cards;
  const topicOf = (c: RawCard) => (c.tags ?? []).filter((t) => DEEP_DIVE_TOPICS.includes(t));

  it('holds at least 36 cards of all seven types', () => {
    expect(cards.length).toBeGreaterThanOrEqual(36);
    expect(new Set(cards.map((c) => c.type))).toEqual(new Set(ALL_TYPES));
  });

  it('tags every card beyond-lesson plus exactly one of the ten topics', () => {
    for (const c of cards) {
      expect(c.tags, c.id).toContain('beyond-lesson');
      expect(topicOf(c), c.id).toHaveLength(1);
    }
  });

  it.each(DEEP_DIVE_TOPICS)('has at least 3 cards on %s', (topic) => {
    expect(cards.filter((c) => topicOf(c)[0] === topic).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the lesson decks free of beyond-lesson cards', () => {
    for (const id of LESSON_DECKS) {
      for (const c of decks.get(id)!.cards) expect(c.tags ?? [], `${id}/${c.id}`).not.toContain('beyond-lesson');
    }
  });
});
