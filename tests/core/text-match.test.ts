// Typo tolerance: a real typo inside a long word is forgiven (and reported as a typo); a different
// word, a short word, a number or a first letter never is.
import { describe, expect, it } from 'vitest';
import { answerWords, matchTyped, normalizeText, wordTypoLimit, type DistanceMeter } from '../../src/core/text-match.js';

const verdict = (given: string, accepted: string[], typos?: boolean): string => {
  const m = matchTyped(given, accepted, typos === undefined ? {} : { typos });
  return m.exact ? 'exact' : m.typo ? 'typo' : 'wrong';
};

describe('normalisation', () => {
  it.each([
    ['  Hello,   WORLD! ', 'hello world'],
    ['Café', 'cafe'],
    ['ＰｕｔＯｂｊｅｃｔ', 'putobject'],
    ['São Paulo', 'sao paulo'],
    ['ap-southeast-1', 'ap southeast 1'],
    ['C#', 'c#'],
    // every dash, bracket and quotation mark, not only the common ones
    ['\u201EDeny\u201C', 'deny'],
    ['\u2039AssumeRole\u203A', 'assumerole'],
    ['1\u20125', '1 5'],
    ['\u300CS3\u300D', 's3'],
    ['\u2018role\u2019 \u00ABuser\u00BB \u2014 \u2013', 'role user'],
  ])('%j -> %j', (raw, norm) => expect(normalizeText(raw)).toBe(norm));

  it.each([
    ['sts:AssumeRole', ['sts', 'assume', 'role']],
    ['PutObject', ['put', 'object']],
    ['DescribeDBInstances', ['describe', 'db', 'instances']],
    ['t3.micro', ['t', '3', 'micro']],
    ['Mississippi River', ['mississippi', 'river']],
  ])('splits %j into words', (raw, words) => expect(answerWords(raw)).toEqual(words));

  it.each([
    ['role', 0], ['paris', 0], ['object', 1], ['describe', 1], ['mississippi', 2], ['ec2', 0],
  ])('a word like %j forgives %i typo(s)', (word, limit) => expect(wordTypoLimit(word)).toBe(limit));
});

describe('typo tolerance', () => {
  it.each([
    // a different word is wrong: verbs, Role vs Root, Allow vs Deny, short words
    ['GetObject', 'PutObject', 'wrong'],
    ['sts:AssumeRoot', 'sts:AssumeRole', 'wrong'],
    ['Dent', 'Deny', 'wrong'],
    ['Parus', 'Paris', 'wrong'],
    ['Allow', 'Deny', 'wrong'],
    ['ListObjects', 'GetObjects', 'wrong'],
    ['DeleteBucket', 'CreateBucket', 'wrong'],
    ['sts:AssumeRoles', 'sts:AssumeRole', 'wrong'],
    ['subset', 'subnet', 'wrong'],
    ['principle', 'principal', 'wrong'],
    ['seventh', 'seventy', 'wrong'],
    ['Nbject', 'Object', 'wrong'], // the first letter is never a typo
    ['port 1025', 'port 1024', 'wrong'],
    ['t2.micro', 't3.micro', 'wrong'],
    ['Mississippi', 'Mississippi River', 'wrong'], // a whole word missing
    ['Misisipi', 'Mississippi', 'wrong'], // three edits in an 11-letter word
    // a real typo inside a long word is forgiven
    ['PutObjct', 'PutObject', 'typo'],
    ['sts:AsumeRole', 'sts:AssumeRole', 'typo'],
    ['Misissippi River', 'Mississippi River', 'typo'],
    ['Missisippi', 'Mississippi', 'typo'],
    ['Descirbe Instances', 'DescribeInstances', 'typo'], // a swapped pair is one edit
    ['instance profle', 'instance profile', 'typo'],
    ['instanceprofle', 'Instance Profile', 'typo'],
    // normalisation is not a typo
    ['putobject', 'PutObject', 'exact'],
    ['put object', 'PutObject', 'exact'],
    ['  STS : assumerole ', 'sts:AssumeRole', 'exact'],
    ['ＰａｒＩｓ', 'Paris', 'exact'],
    ['Bogota', 'Bogotá', 'exact'],
    ['1,000', '1000', 'exact'],
    // numbers are compared as numbers: folding the separators between them away must not join them
    ['12', '1.2', 'wrong'],
    ['11.0', '1.10', 'wrong'],
    ['192.168.11.0', '192.168.1.10', 'wrong'],
    ['100.0.0/16', '10.0.0.0/16', 'wrong'],
    ['TLS 12', 'TLS 1.2', 'wrong'],
    ['1 2 hours', '12 hours', 'wrong'],
    ['1', '-1', 'wrong'],
    ['-1', '1', 'wrong'],
    ['5 -10', '5-10', 'wrong'],
    ['1.2', '1.2', 'exact'],
    ['10.0.0.0 / 16', '10.0.0.0/16', 'exact'],
    ['1000000', '1,000,000', 'exact'],
    ['10 000', '10000', 'exact'],
    ['80,443', '80, 443', 'exact'],
    ['80 443', '80, 443', 'exact'],
    ['us east 1', 'us-east-1', 'exact'],
    ['UTC-5', 'UTC\u22125', 'exact'],
    ['\u22121', '-1', 'exact'],
    // every dash folds, so any dash standing before a number is its sign: a deck's en dash minus
    // (typeset text, '\u201340 \u00B0C') is the -40 a student types, and 40 stays wrong for it
    ['-40 \u00B0C', '\u201340 \u00B0C', 'exact'],
    ['-1', '\u20101', 'exact'],
    ['40', '\u201340', 'wrong'],
    ['\u20131', '-1', 'exact'],
    ['2-3', '2 \u2013 3', 'exact'],
    // superscript digits are an exponent, not more digits: 2 to the 32nd is not 232
    ['232', '2\u00B3\u00B2', 'wrong'],
    ['102', '10\u00B2', 'wrong'],
    ['2^32', '2\u00B3\u00B2', 'exact'],
    ['m2', 'm\u00B2', 'exact'],
    ['H2O', 'H\u2082O', 'exact'],
    ['1/2', '\u00BD', 'exact'],
    ['12', '\u00BD', 'wrong'],
    // a whole number before a fraction character stays apart from its numerator: 1\u00BD is 1 1/2, not 11/2
    ['1 1/2 hours', '1\u00BD hours', 'exact'],
    ['11/2 hours', '1\u00BD hours', 'wrong'],
    ['2 1/4', '2\u00BC', 'exact'],
    ['2^32', '232', 'wrong'],
    ['10^-3', '10\u207B\u00B3', 'exact'],
    ['10^3', '10\u207B\u00B3', 'wrong'],
    // invisible format characters (zero-width space, soft hyphen, BOM, word joiner) are not typed
    ['AssumeRole', 'Assume\u200BRole', 'exact'],
    ['Assume\u200BRole', 'AssumeRole', 'exact'],
    ['Assume\u00ADRole', 'AssumeRole', 'exact'],
    ['\uFEFFPutObject\u2060', 'PutObject', 'exact'],
  ])('%j for %j is %s', (given, accepted, expected) => {
    expect(verdict(given, [accepted])).toBe(expected);
  });

  it('still shows a diff for a wrong answer that is close', () => {
    expect(matchTyped('GetObject', ['PutObject'])).toMatchObject({ correct: false, near: true, typo: false });
    expect(matchTyped('Parus', ['Paris'])).toMatchObject({ correct: false, near: true });
  });

  it('shows other numbers as a near miss, with the diff, never as right', () => {
    expect(matchTyped('12', ['1.2'])).toMatchObject({ correct: false, near: true, best: '1.2' });
    expect(matchTyped('192.168.11.0', ['192.168.1.10'])).toMatchObject({ correct: false, near: true });
    expect(matchTyped('12', ['1.2', '12'])).toMatchObject({ correct: true, exact: true, best: '12' });
  });

  it('takes an exact alternative over a typo of another', () => {
    expect(matchTyped('Mississippi', ['Mississippi River', 'Mississippi'])).toMatchObject({ exact: true, best: 'Mississippi' });
    expect(matchTyped('misissippi', ['Mississippi River', 'Mississippi'])).toMatchObject({ typo: true, best: 'Mississippi' });
  });

  it('forgives nothing when the author turned typos off', () => {
    expect(verdict('PutObjct', ['PutObject'], false)).toBe('wrong');
    expect(matchTyped('PutObjct', ['PutObject'], { typos: false }).near).toBe(true);
    expect(verdict('put object', ['PutObject'], false)).toBe('exact');
  });
});

describe('grading cost', () => {
  it('marks an answer far longer than any accepted form wrong without computing a distance', () => {
    const meter: DistanceMeter = { cells: 0 };
    const huge = 'PutObject '.repeat(100_000); // 1 MB
    expect(matchTyped(huge, ['PutObject', 'put object'], { meter })).toMatchObject({ correct: false, near: false });
    expect(meter.cells).toBe(0);
    expect(matchTyped('x'.repeat(1_000_000), ['Mississippi River'], { meter }).correct).toBe(false);
    expect(meter.cells).toBe(0);
  });

  it('computes a distance only as wide as the typos allowed', () => {
    const meter: DistanceMeter = { cells: 0 };
    expect(matchTyped('PutObjct', ['PutObject'], { meter }).typo).toBe(true);
    expect(meter.cells).toBeGreaterThan(0); // the meter is live
    expect(meter.cells).toBeLessThan(100);
  });

  it('bounds the work for a long answer near a long accepted answer', () => {
    const meter: DistanceMeter = { cells: 0 };
    const accepted = 'word '.repeat(20_000); // 100 KB
    expect(matchTyped(accepted + 'x', [accepted], { meter }).correct).toBe(false);
    expect(meter.cells).toBe(0);
  });
});
