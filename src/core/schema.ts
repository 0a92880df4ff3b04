// JSON Schema (draft 2020-12) of deck format v1, for editors (yaml-language-server) and for anyone
// validating decks without recall. It says as much as JSON Schema can; the linter adds what it
// cannot: unique card ids, unique deck ids across files, "choose N" matching the correct count,
// and non-empty cloze alternatives. Warnings (missing why, unknown fields, control characters) are
// the linter's alone, so unknown fields are allowed here.
import { CARD_TYPES, type CardType } from './model.js';
import { ITEM_CODES } from './item-lint.js';
import { MAX_CHOICES, MAX_ITEMS, MIN_CHOICES, MIN_ITEMS } from './validate-cards.js';
import { DECK_ONLY_CODES } from './waivers.js';

const KEBAB_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const CARD_ID_PATTERN = '^[a-z0-9]+(?:[.-][a-z0-9]+)*$';

export function deckSchema(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
  const perType: Record<CardType, { required: string[]; properties: Record<string, unknown> }> = {
    basic: { required: ['front', 'back'], properties: { front: ref('text'), back: ref('text'), accept: ref('textList') } },
    choice: { required: ['prompt', 'choices'], properties: { prompt: ref('text'), choices: choices(1, 1) } },
    multi: { required: ['prompt', 'choices'], properties: { prompt: ref('text'), choices: choices(2) } },
    truefalse: {
      required: ['statement', 'answer'],
      properties: { statement: ref('text'), answer: { type: 'boolean', description: 'true or false, without quotes' } },
    },
    typed: { required: ['prompt', 'answer'], properties: { prompt: ref('text'), answer: ref('text'), accept: ref('textList') } },
    cloze: {
      required: ['text'],
      properties: {
        text: {
          type: 'string',
          pattern: '\\{\\{[^{}]*\\}\\}',
          description: 'Text with one or more blanks: {{answer}} or {{answer|alternative}}.',
        },
      },
    },
    order: {
      required: ['prompt', 'items'],
      properties: {
        prompt: ref('text'),
        items: {
          type: 'array',
          description: `The items in the correct order (${MIN_ITEMS}-${MAX_ITEMS}); shown shuffled.`,
          items: ref('text'),
          minItems: MIN_ITEMS,
          maxItems: MAX_ITEMS,
          uniqueItems: true,
        },
      },
    },
  };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'recall deck (format v1)',
    description: 'A deck of flashcards and exam questions for recall. Check with: recall deck lint --strict',
    type: 'object',
    required: ['deck', 'title', 'cards'],
    properties: {
      deck: { ...ref('id'), description: 'Deck id: lowercase kebab-case, unique among loaded decks.' },
      title: ref('text'),
      description: ref('text'),
      tags: { ...ref('textList'), description: 'Tags every card inherits.' },
      lint: waiver([...ITEM_CODES], 'Item-writing rules the whole deck waives, with the reason (listed by recall deck lint --verbose).'),
      typos: { type: 'boolean', description: 'false: typed answers must match exactly (after case, spacing, punctuation and accents); the default of every card. Default true.' },
      cards: { type: 'array', minItems: 1, items: ref('card') },
    },
    $defs: {
      id: { type: 'string', pattern: KEBAB_PATTERN },
      cardId: { type: 'string', pattern: CARD_ID_PATTERN },
      text: { type: 'string', pattern: '\\S', description: 'Text (quote values YAML would read as numbers or booleans, e.g. "1.10").' },
      textList: { type: 'array', items: { $ref: '#/$defs/text' } },
      option: {
        type: 'object',
        required: ['text'],
        properties: {
          text: ref('text'),
          correct: { type: 'boolean', description: 'true for a right option; omit or false otherwise.' },
          why: { ...ref('text'), description: 'Why this option is right or wrong (the linter warns when missing).' },
        },
      },
      card: {
        type: 'object',
        required: ['id', 'type'],
        properties: {
          id: { ...ref('cardId'), description: 'Card id: kebab-case (dots allowed), unique in the deck; progress is keyed by it.' },
          type: { enum: [...CARD_TYPES] },
          tags: ref('textList'),
          explain: { ...ref('text'), description: 'Shown after answering.' },
          hint: { ...ref('text'), description: 'Optional hint; using it rates a right answer Hard.' },
          timeLimit: { type: 'number', exclusiveMinimum: 0, description: 'Seconds for this card (default 30).' },
          lint: waiver(
            ITEM_CODES.filter((c) => !DECK_ONLY_CODES.includes(c)),
            'Item-writing rules this card waives, with the reason (listed by recall deck lint --verbose).',
          ),
          typos: { type: 'boolean', description: "false: no typo is forgiven in this card's typed answers; true overrides the deck's false. Default: the deck's typos, else true." },
        },
        allOf: CARD_TYPES.map((t) => ({
          if: { properties: { type: { const: t } }, required: ['type'] },
          then: { required: perType[t].required, properties: perType[t].properties },
        })),
      },
    },
  };
}

/**
 * `lint: { ignore: [CODE...], why: "..." }`: a mapping, as for every field with a shape (the linter
 * says WRONG_TYPE otherwise). What is inside is annotated, not constrained: a waiver the linter
 * cannot honour is a warning (BAD_WAIVER), never an error, and warnings are the linter's alone.
 */
function waiver(codes: string[], description: string): Record<string, unknown> {
  return {
    type: 'object',
    description,
    examples: [{ ignore: [codes[0]], why: 'Why the rule does not apply to this item.' }],
    properties: {
      ignore: { description: `Codes of the rules waived: ${codes.join(', ')}.`, examples: [codes] },
      why: { description: 'Why the rule does not apply here (required: a waiver without a reason is ignored).' },
    },
  };
}

function choices(minCorrect: number, maxCorrect?: number): Record<string, unknown> {
  return {
    type: 'array',
    description: `${MIN_CHOICES}-${MAX_CHOICES} options; ${maxCorrect === 1 ? 'exactly one' : `at least ${minCorrect}`} with correct: true.`,
    minItems: MIN_CHOICES,
    maxItems: MAX_CHOICES,
    items: { $ref: '#/$defs/option' },
    contains: { type: 'object', required: ['correct'], properties: { correct: { const: true } } },
    minContains: minCorrect,
    ...(maxCorrect !== undefined ? { maxContains: maxCorrect } : {}),
  };
}
