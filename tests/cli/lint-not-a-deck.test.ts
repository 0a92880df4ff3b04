// A file that is not YAML at all (a README linted by mistake, a paragraph of prose) gets short
// diagnostics at its lines: yaml quotes the whole offending token, which made one 68 KB line.
import { describe, expect, it } from 'vitest';
import { workFolder } from '../helpers/cli.js';

const work = workFolder();

describe('deck lint of a file that is not a deck', () => {
  it('quotes at most 40 characters of an unexpected token, and still points at its line', async () => {
    const paragraph = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    work.write('notes.md', `# Notes\n\nFlashcards.\n\n## Start here\n\nOn a fresh machine with Node and npm:\n\n\`\`\`sh\nnpm ci\n\`\`\`\n\n${paragraph}\n`);
    const r = await work.run(['deck', 'lint', 'notes.md']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter((l) => l.length > 160)).toEqual([]);
    expect(r.out).toMatch(/^notes\.md:9:1: error YAML_SYNTAX Unexpected scalar token in YAML stream: "[^"\n]{1,40}…" \(UNEXPECTED_TOKEN\)$/m);
    const json = await work.run(['deck', 'lint', '--format', 'json', 'notes.md']);
    const messages = (JSON.parse(json.out) as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message);
    expect(messages.every((m) => m.length < 120)).toBe(true);
  });
});
