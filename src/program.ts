// Commander wiring only: every command, its options and help, each command module loaded lazily.
import fs from 'node:fs';
import path from 'node:path';
import { Argument, Command, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { EXIT, RecallError } from './errors.js';
import type { Io } from './io.js';
import { neutralize } from './core/sanitize.js';

type Loader = () => Promise<{ run: (args: any, io: Io) => Promise<number | void> }>;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A whole number a double holds exactly: `--seed 99999999999999999999` ran, and its report named
 *  seed 100000000000000000000, a number the student never gave (and shared with other seeds). */
function int(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw new RecallError(`${name} takes a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${neutralize(value)}"`, 'USAGE', EXIT.usage);
    return Number(value);
  };
}

/**
 * The documented ranges of the numeric options (README "Options"). A value outside is a usage error
 * naming the option and its range: `--time 40000` would otherwise overflow the countdown's timer
 * (setTimeout holds at most 2^31-1 ms, about 24.8 days) and end the quiz at once.
 */
export const RANGES = {
  '--time': { min: 1, max: 600, whole: true, unit: 'whole minutes' },
  '--count': { min: 1, max: 100_000, whole: true, unit: 'a whole number' },
  '--limit': { min: 1, max: 100_000, whole: true, unit: 'a whole number' },
  '--new': { min: 0, max: 100_000, whole: true, unit: 'a whole number' },
  '--pass': { min: 0, max: 100, whole: false, unit: 'a percentage' },
  '--min-score': { min: 0, max: 100, whole: false, unit: 'a percentage' },
} as const;

function ranged(name: keyof typeof RANGES) {
  const { min, max, whole, unit } = RANGES[name];
  return (value: string): number => {
    const text = value.trim();
    const n = Number(text);
    const ok = whole ? /^\d+$/.test(text) : /^\d+(\.\d+)?$/.test(text);
    if (!ok || n < min || n > max) throw new RecallError(`${name} takes ${unit} from ${min} to ${max}, got "${value}"`, 'USAGE', EXIT.usage);
    return n;
  };
}

/** Report options other test runners spell their own way (CI recipes reach for them first). */
const REPORT_FLAGS = new Set(['--junit', '--tap', '--xml', '--format', '--report', '--out', '--junit-output']);

/** `recall: unknown option '--tagg' (did you mean --tag?)`: one line, like every other recall error. */
export function commanderError(text: string): string {
  // Commander quotes the mistyped option or argument as given: neutralised like every message.
  const line = neutralize(text).replace(/^error: /, 'recall: ').replace(/\n\(Did you mean (.+)\?\)\n?$/, ' (did you mean $1?)\n');
  // `recall quiz --junit out.xml`: say how recall names it, when commander had no closer name.
  const flag = /^recall: unknown option '([^'=]+)(?:=[^']*)?'\n?$/.exec(line)?.[1];
  if (flag !== undefined && REPORT_FLAGS.has(flag)) return `${line.trimEnd()} (reports: --reporter junit|tap|json|text and --output FILE)\n`;
  // `-v` is how many tools spell it; commander suggests long options only.
  if (flag === '-v') return `${line.trimEnd()} (did you mean -V, --version?)\n`;
  return line;
}

/** Help text is not wrapped by commander: examples are laid out to fit this many columns. */
const HELP_COLUMNS = 80;

/**
 * An `Examples:` block. An example with a description is `[command, description]`: the description
 * is a shell comment, so every line still pastes into a shell. It follows the command, aligned past
 * the longest one, when every such line fits in 80 columns; otherwise each goes on a line of its
 * own above its command.
 */
export function examples(...lines: Array<string | [string, string]>): string {
  const pairs = lines.filter((l): l is [string, string] => typeof l !== 'string');
  const width = Math.max(0, ...pairs.map((l) => l[0].length));
  const aligned = pairs.every((l) => `  $ ${''.padEnd(width)}  # ${l[1]}`.length <= HELP_COLUMNS);
  const line = (l: string | [string, string]) =>
    typeof l === 'string' ? `  $ ${l}` : aligned ? `  $ ${l[0].padEnd(width)}  # ${l[1]}` : `  # ${l[1]}\n  $ ${l[0]}`;
  return '\nExamples:\n' + lines.map(line).join('\n') + '\n';
}

/**
 * `recall help deck lint` is `recall deck lint --help`: commander's help command takes one word,
 * so it printed deck's help. Two or more words after `help` become the command and `--help`
 * (checked for typos like any command line); one word is left to commander.
 */
export function nestedHelp(argv: string[]): string[] {
  let i = 0;
  while (argv[i] === '--debug') i++;
  const words = argv.slice(i + 1);
  if (argv[i] !== 'help' || words.length < 2 || words.some((w) => w.startsWith('-'))) return argv;
  return [...argv.slice(0, i), ...words, '--help'];
}

/**
 * `recall stduy`: study is the default command and takes deck arguments, so commander would pass
 * the typo to study as a deck. A first word that is no command, no file or folder and no bundled
 * deck, but close to a command's name, is a mistyped command. Costs nothing on the common path:
 * the file system is asked only when the word is close to a command name.
 */
export async function rejectMistypedCommand(program: Command, argv: string[], cwd: string): Promise<void> {
  let i = 0;
  while (argv[i] === '--debug') i++;
  // The same holds one level down: `recall exam sett 2026-12-20` went to exam's default (show) as
  // a deck named "sett". In the other groups (deck, config, card, progress) commander reports a
  // mistyped subcommand itself, but not with --help: `recall deck lnt --help` (and so `recall help
  // deck lnt`) printed deck's help with exit 0, without a word about "lnt".
  let group = program;
  let where = 'recall';
  const sub = program.commands.find((c) => c.name() === argv[i] && c.commands.length > 0);
  if (sub) {
    group = sub;
    where = `recall ${sub.name()}`;
    i++;
  }
  // exam's default subcommand (show) takes decks, as study (the program's default) does: a word
  // there may be a deck. Other groups have no default, so any other word is a mistyped subcommand.
  // (Named, not read from commander's private _defaultCommandName; tests/cli/usage.test.ts checks
  // that `recall exam DECK` still works.)
  const takesDecks = group === program || group.name() === 'exam';
  const word = argv[i];
  if (word === undefined || word.startsWith('-')) return;
  const names = group.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).flatMap((c) => [c.name(), ...c.aliases()]);
  // `recall help stduy`: commander printed the whole help on stderr and exit 2, without a word
  // about what was wrong.
  if (word === 'help' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-') && !names.includes(argv[i + 1]!)) {
    const { closest } = await import('./core/suggest.js');
    const near = closest(argv[i + 1]!, names);
    throw new RecallError(`unknown command '${argv[i + 1]}'${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}; see ${where} --help`, 'USAGE', EXIT.usage);
  }
  if (names.includes(word) || word === 'help') return;
  const { closest } = await import('./core/suggest.js');
  const near = closest(word, names);
  // `recall lint decks/`, `recall export ...`, `recall unsuspend ...`: the name of a command one
  // level down, given without its group. It went to study as a deck ("no such file, folder or
  // bundled deck: lint"), which says nothing about the command meant.
  if (group === program && near.length === 0) near.push(...nestedCommands(program, word));
  if (!takesDecks) throw new RecallError(`unknown command '${word}'${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}; see ${where} --help`, 'USAGE', EXIT.usage);
  if (near.length === 0) return;
  if (fs.existsSync(path.resolve(cwd, word))) return;
  const { bundledDeckIds } = await import('./adapters/deck-files.js');
  if (bundledDeckIds().includes(word)) return;
  throw new RecallError(`unknown command '${word}' (did you mean ${near.join(' or ')}?); see ${where} --help`, 'USAGE', EXIT.usage);
}

/** `deck lint` for `lint`: the commands of the groups named `word` (and `--version` for `version`). */
function nestedCommands(program: Command, word: string): string[] {
  if (word === 'version') return ['--version'];
  const visible = (c: Command) => !(c as Command & { _hidden?: boolean })._hidden;
  return program.commands.filter(visible).flatMap((g) => g.commands.filter((c) => visible(c) && c.name() !== 'help' && (c.name() === word || c.aliases().includes(word))).map((c) => `${g.name()} ${c.name()}`));
}

export function buildProgram(io: Io, exit: { code: number }): Command {
  const program = new Command('recall');
  // Runs a lazily imported command and records its exit code.
  const act =
    (load: Loader, shape: (...a: any[]) => unknown) =>
    async (...a: any[]) => {
      const mod = await load();
      const code = await mod.run(shape(...a), io);
      exit.code = typeof code === 'number' ? code : EXIT.ok;
    };

  program
    .description('Terminal flashcards and exam drills with spaced repetition (FSRS).')
    .version(pkg.version, '-V, --version', 'print the version')
    .option('--debug', 'show stack traces for internal errors')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander's "error: unknown option '--tagg'\n(Did you mean --tag?)" in recall's own voice.
      outputError: (s, write) => write(commanderError(s)),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      examples(
        ['recall', 'study what is due in the bundled decks'],
        ['recall quiz --count 20 --time 30', 'exam rehearsal: 20 questions, 30 minutes'],
        ['recall deck lint --strict decks/', 'check decks for an instructor or CI'],
        ['recall stats', 'what is due, retained and weak'],
      ) + '\nExit codes: 0 ok, 1 check failed, 2 bad input or usage, 130 interrupted.\n',
    );

  program
    .command('study', { isDefault: true })
    .description('study due cards and a few new ones (the default command)')
    .argument('[decks...]', 'deck files, folders or bundled deck ids (default: the bundled decks)')
    .option('--deck <id>', 'only this deck id (repeatable)', collect)
    .option('--tag <tag>', 'only cards with this tag (repeatable)', collect)
    .option('--limit <n>', 'at most N cards this session (1-100000)', ranged('--limit'))
    .option('--new <n>', 'introduce up to N new cards this session, whatever today allows (0-100000)', ranged('--new'))
    .option('--answers <file>', 'scripted study: answers from a YAML/JSON file, or - for stdin')
    .addOption(new Option('--reporter <format>', 'summary format for scripted study').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      examples(
        'recall study',
        'recall study iam-exam-signals --tag trap --limit 10',
        'recall study decks/my.yaml --answers answers.yaml --reporter json',
      ),
    )
    .action(act(() => import('./commands/study.js'), (decks, opts) => ({ decks, ...opts })));

  program
    .command('quiz')
    .description('exam mode: a scored quiz, interactive or scripted with --answers')
    .argument('[decks...]', 'deck files, folders or bundled deck ids (default: the bundled decks)')
    .option('--count <n>', 'number of questions, 1-100000 (default: all)', ranged('--count'))
    .option('--tag <tag>', 'only cards with this tag (repeatable)', collect)
    .option('--seed <n>', 'same seed, same questions and option order', int('--seed'))
    .option('--weakest', 'prefer cards with the lowest predicted recall, then unseen ones')
    .option('--time <minutes>', 'time limit in whole minutes, 1-600; unanswered questions count as wrong', ranged('--time'))
    .option('--pass <pct>', 'pass mark in percent, 0-100 (default: 72); below it the quiz fails and exits 1', ranged('--pass'))
    .option('--answers <file>', 'scripted self-test: answers from a YAML/JSON file, or - for stdin')
    .addOption(new Option('--reporter <format>', 'report format (default: text, or from --output: .xml junit, .json json, .tap tap)').choices(['text', 'json', 'junit', 'tap']))
    .option('--output <file>', 'write the report to FILE and keep the text summary on stdout; - puts the report alone on stdout (with --answers)')
    .option('--min-score <pct>', 'the pass mark for CI (0-100): below it the quiz fails and exits 1', ranged('--min-score'))
    .option('--student <id>', 'who takes the quiz, written into the report for `recall analyze` (default: $RECALL_STUDENT)')
    .addHelpText(
      'after',
      examples(
        'recall quiz --count 20 --time 25 --pass 72',
        'recall quiz --student ana --reporter json --output ana.json',
        'recall quiz iam-exam-signals --tag trap --seed 7',
        'recall quiz decks/ --answers key.yaml --reporter junit --output report.xml --min-score 100',
      ),
    )
    .action(act(() => import('./commands/quiz.js'), (decks, opts) => ({ decks, ...opts })));

  const deck = program
    .command('deck')
    .description('author and check decks')
    .addHelpText('after', examples('recall deck new decks/my-topic.yaml', 'recall deck lint --strict decks/', 'recall deck show iam-exam-signals', 'recall deck schema > deck.schema.json'));
  deck
    .command('lint')
    .description('check deck files for errors and warnings')
    .argument('[paths...]', 'files or folders (*.yaml, *.yml, recursively); default: the bundled decks')
    .option('--strict', 'fail on warnings too')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'also list the waivers (lint: { ignore, why }) and what each silenced')
    .addHelpText('after', examples('recall deck lint decks/', 'recall deck lint --strict --format json my-deck.yaml', 'recall deck lint --verbose my-deck.yaml'))
    .action(act(() => import('./commands/deck-lint.js'), (paths, opts) => ({ paths, ...opts })));
  deck
    .command('show')
    .description('render every card of a deck for proofreading')
    .argument('<deck>', 'a deck file or a bundled deck id')
    .addHelpText('after', examples('recall deck show iam-users-vs-roles', 'recall deck show decks/my.yaml | less -R'))
    .action(act(() => import('./commands/deck-show.js'), (deckArg) => ({ deck: deckArg })));
  deck
    .command('new')
    .description('write a commented starter deck with one card of each type')
    .argument('<file>', 'where to write it (refuses to overwrite)')
    .addHelpText('after', examples('recall deck new decks/my-topic.yaml'))
    .action(act(() => import('./commands/deck-new.js'), (file) => ({ file })));
  deck
    .command('import')
    .description('import an Anki package, Anki text export or CSV/TSV file as recall YAML decks')
    .argument('<file>', 'Anki "Notes in Plain Text" export (.txt), .csv, .tsv, or an Anki package (.apkg, .colpkg)')
    .option('-o, --output <out>', 'a .yaml file, or a folder for one file per Anki deck (default: DECK-ID.yaml here)')
    .option('--deck <id>', 'the deck id to write; with several Anki decks in the file, import only this one')
    .option('--title <title>', 'the deck title (default: the Anki deck name or the file name)')
    .addOption(new Option('--type <type>', 'what two-field notes become').choices(['basic', 'typed']).default('basic'))
    .option('--force', 'replace existing deck files (card ids are stable, so progress is kept)')
    .addHelpText(
      'after',
      examples(
        ['recall deck import biology.txt', 'Anki text export to biology.yaml'],
        'recall deck import terms.csv -o decks/terms.yaml --deck terms --title "Key terms"',
        ['recall deck import vocab.tsv --type typed', 'the student types each answer'],
        ['recall deck import all-decks.txt -o decks/', 'one YAML file per Anki deck'],
        ['recall deck import biology.txt --force', 're-import an updated export, progress kept'],
      ),
    )
    .action(act(() => import('./commands/deck-import.js'), (file, opts) => ({ file, ...opts })));
  deck
    .command('export')
    .description('export decks for Anki: a package (apkg) or Anki text (csv)')
    .argument('<decks...>', 'deck files, folders or bundled deck ids')
    // Required, checked by the command: commander's "required option '--format <format>' not
    // specified" did not say what the format could be.
    .addOption(new Option('--format <format>', 'required. apkg: an Anki package; csv: Anki text (tab-separated, with headers)').choices(['apkg', 'csv']))
    .option('-o, --output <file>', 'write to FILE (apkg default: DECK.apkg; csv default: stdout; - for stdout)')
    .option('--force', 'replace FILE if it exists')
    .addHelpText(
      'after',
      examples(
        ['recall deck export iam-exam-signals --format apkg', 'writes iam-exam-signals.apkg: open it with Anki'],
        ['recall deck export decks/ --format apkg -o all-decks.apkg', 'one Anki deck per recall deck'],
        ['recall deck export iam-exam-signals --format csv -o iam.txt', 'then in Anki: File > Import'],
        'recall deck export decks/ --format csv > all-decks.txt',
      ),
    )
    .action(act(() => import('./commands/deck-export.js'), (decks, opts) => ({ decks, ...opts })));
  deck
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of the deck format')
    .addHelpText('after', examples('recall deck schema > recall-deck.schema.json'))
    .action(act(() => import('./commands/deck-schema.js'), () => ({})));

  program
    .command('decks')
    .description('list available decks with total, new and due counts')
    .argument('[decks...]', 'deck files, folders or bundled deck ids (default: the bundled decks)')
    .addHelpText('after', examples('recall decks', 'recall decks ~/my-decks'))
    .action(act(() => import('./commands/decks.js'), (decks) => ({ decks })));

  program
    .command('stats')
    .description('what is due, what is retained, where the weak spots are')
    .argument('[decks...]', 'deck files, folders or ids (default: decks with progress, plus the bundled decks)')
    .option('--json', 'print the numbers as JSON')
    .addHelpText('after', examples('recall stats', 'recall stats iam-exam-signals --json'))
    .action(act(() => import('./commands/stats.js'), (decks, opts) => ({ decks, ...opts })));

  const exam = program
    .command('exam')
    .description('an exam date: readiness, pass probability and a study plan toward the day')
    .addHelpText(
      'after',
      examples(
        ['recall exam set 2026-12-20', 'exam on the 20th, defaults for the rest'],
        ['recall exam', 'days left, score forecast, cards at risk, plan'],
        ['recall exam --json', 'the same as JSON (docs/exam.schema.json)'],
        'recall exam set 2026-12-20 --pass 70 --questions 50 --tag iam-role',
        ['recall exam clear', 'back to normal scheduling'],
      ),
    );
  exam
    // Listed, not hidden: `recall exam --json` and `recall exam DECKS` are this command's options and
    // arguments, and a hidden default left them out of `recall exam --help`.
    .command('show', { isDefault: true })
    .description('days left, predicted score, pass probability, cards at risk, plan (the default command)')
    .argument('[decks...]', 'deck files, folders or ids (default: decks with progress, plus the bundled decks)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', examples('recall exam', 'recall exam --json', 'recall exam my-decks/'))
    .action(act(() => import('./commands/exam.js'), (decks, opts) => ({ action: 'show', decks, ...opts })));
  exam
    .command('set')
    .description('set the exam date and what counts')
    .argument('<date>', 'the exam day, YYYY-MM-DD: today or later')
    .argument('[decks...]', 'decks whose tags --tag names (default: the bundled decks)')
    .option('--target <r>', 'predicted recall that counts a card ready, 0.5-0.99 (default 0.9)')
    .option('--pass <pct>', 'pass mark in percent, 1-100 (default 72)')
    .option('--questions <n>', 'questions on the exam, 1-1000 (default 65)')
    .option('--max-per-day <n>', 'most cards a day study may plan, 1-10000 (default 200)')
    .option('--tag <tag>', 'only cards with this tag (repeatable; default: all decks studied)', collect)
    .addHelpText('after', examples('recall exam set 2026-12-20', 'recall exam set 2026-12-20 --target 0.85 --max-per-day 120 --tag trap', 'recall exam set 2026-12-20 my-decks/ --tag networking'))
    .action(act(() => import('./commands/exam.js'), (date, decks, opts) => ({ action: 'set', date, decks, ...opts })));
  exam
    .command('clear')
    .description('remove the exam; study returns to normal scheduling')
    .addHelpText('after', examples('recall exam clear'))
    .action(act(() => import('./commands/exam.js'), () => ({ action: 'clear' })));
  program
    .command('analyze')
    .description('item analysis of quiz reports: which questions work, which are miskeyed, which distractors nobody picks')
    .argument('<reports...>', 'JSON quiz reports, or folders of them (searched recursively)')
    .option('--json', 'print the analysis as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md']).default('text'))
    .option('--deck <id>', 'only items of this deck (repeatable)', collect)
    .option('--min-n <n>', 'leave out items fewer than N students answered', int('--min-n'))
    .addHelpText(
      'after',
      examples(
        ['recall analyze reports/', 'every report under reports/, worst items first'],
        ['recall analyze reports/ --format md > items.md', 'a table to paste into an issue or a wiki'],
        'recall analyze a.json b.json --json --deck iam-exam-signals --min-n 30',
      ),
    )
    .action(act(() => import('./commands/analyze.js'), (reports, opts) => ({ reports, ...opts })));

  program
    .command('optimize')
    .description('fit the FSRS weights to your own study history (saved only when they predict it better)')
    .option('--json', 'print { reviews, cards, before, after, saved, params } as JSON')
    .option('--force', `fit even with fewer than 400 study reviews`)
    .option('--dry-run', 'fit and report, but never save')
    .addHelpText(
      'after',
      examples(
        ['recall optimize', 'fit, compare with the weights in use, save if better'],
        ['recall optimize --dry-run', 'see what a fit would give; nothing saved'],
        ['recall optimize --json', 'the result as JSON, for scripts'],
        ['recall optimize --force', 'fit on fewer than 400 reviews anyway'],
        ['recall config get params', 'the weights in use'],
        ['recall config set params default', 'back to the default weights'],
      ) +
        '\nUses study reviews only (quiz answers are exam conditions, kept for readiness\n' +
        'calibration). Re-optimize monthly, or after a few thousand new reviews.\n' +
        'Needs the optional package @open-spaced-repetition/binding; without it this\n' +
        'command exits 2 and nothing else changes.\n',
    )
    .action(act(() => import('./commands/optimize.js'), (opts) => opts));

  const config = program
    .command('config')
    .description('scheduling settings')
    .addHelpText('after', examples('recall config list', 'recall config set retention 0.85', 'recall config set learning-steps 1m,10m,1h'));
  const configCmd = (name: string, desc: string, args: Array<[string, string]>, shape: (...a: any[]) => unknown, ex: string[]) => {
    const c = config.command(name).description(desc);
    for (const [a, help] of args) c.argument(a, help);
    c.addHelpText('after', examples(...ex)).action(act(() => import('./commands/config.js'), shape));
  };
  const KEY: [string, string] = ['<key>', 'a setting as `recall config list` names it (retention, new-per-day, ...)'];
  configCmd('list', 'list every setting with its value', [], () => ({ action: 'list' }), ['recall config list']);
  configCmd('get', 'print one setting', [KEY], (key) => ({ action: 'get', key }), ['recall config get retention']);
  configCmd('set', 'change one setting', [KEY, ['<value>', 'its new value, or default; one out of range is refused, naming the range']], (key, value) => ({ action: 'set', key, value }), [
    'recall config set retention 0.85',
    'recall config set new-per-day 30',
    'recall config set learning-steps 1m,10m,1h',
    'recall config set retention default',
    'recall config set params default',
  ]);

  const card = program
    .command('card')
    .description('per-card actions')
    .addHelpText('after', examples('recall card unsuspend iam-users-vs-roles/credentials-expire'));
  card
    .command('unsuspend')
    .description('put a leech back into study')
    .argument('<card>', 'DECK/ID')
    .addHelpText('after', examples('recall card unsuspend iam-users-vs-roles/credentials-expire'))
    .action(act(() => import('./commands/card.js'), (key) => ({ action: 'unsuspend', card: key })));

  const progress = program
    .command('progress')
    .description('where progress lives; export, import, reset')
    .addHelpText('after', examples('recall progress path', 'recall progress export backup.json', 'recall progress import backup.json', 'recall progress reset iam-exam-signals --yes'));
  const progressCmd = (name: string, desc: string, args: string[], shape: (...a: any[]) => unknown, ex: string | Array<[string, string]>, flags: Array<[string, string]> = []) => {
    const c = progress.command(name).description(desc);
    for (const a of args) c.argument(a);
    for (const [flag, help] of flags) c.option(flag, help);
    c.addHelpText('after', typeof ex === 'string' ? examples(ex) : examples(...ex)).action(act(() => import('./commands/progress.js'), shape));
  };
  progressCmd('path', 'print the folder of the progress store', [], () => ({ action: 'path' }), 'recall progress path');
  progressCmd(
    'export',
    'export cards and reviews as JSON to FILE, or to stdout (no FILE, or -)',
    ['[file]'],
    (file, opts) => ({ action: 'export', file, output: opts?.output, force: Boolean(opts?.force) }),
    [
      ['recall progress export backup.json', 'a new file (an existing one is refused)'],
      ['recall progress export backup.json --force', 'replace last week\'s backup'],
      ['recall progress export | gzip > backup.json.gz', 'to stdout'],
    ],
    [
      // deck export and deck import spell it -o: the same option here, not "unknown option '-o'".
      ['-o, --output <file>', 'the same as FILE, as deck export spells it'],
      ['--force', 'replace FILE if it exists'],
    ],
  );
  progressCmd('import', 'merge an export; reviews are never duplicated', ['<file>'], (file) => ({ action: 'import', file }), 'recall progress import backup.json');
  progressCmd(
    'reset',
    'forget progress (all decks, or one)',
    ['[deck]'],
    (deckId, opts) => ({ action: 'reset', deck: deckId, yes: Boolean(opts?.yes) }),
    'recall progress reset iam-exam-signals --yes',
    [['--yes', 'confirm']],
  );

  // Shell completion: both commands load src/commands/completion.ts (and @bomb.sh/tab) only when run.
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh, fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish'])) // SHELLS in commands/completion.ts
    .addHelpText(
      'after',
      examples(
        "echo 'source <(recall completion bash)' >> ~/.bashrc",
        "echo 'source <(recall completion zsh)' >> ~/.zshrc",
        'recall completion fish > ~/.config/fish/completions/recall.fish',
      ) + '\nbash needs the bash-completion package; see README "Shell completion".\n',
    )
    .action(act(() => import('./commands/completion.js'), (shell) => ({ program, shell })));
  // What the script calls on each Tab: `recall complete -- <words so far>`.
  program
    .command('complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(act(() => import('./commands/completion.js'), (words) => ({ program, words: words ?? [] })));

  return program;
}
