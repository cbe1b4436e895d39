/**
 * Every parser under generated input: whatever the bytes, a parser returns items and problems
 * (which the import reports as 4xx) and never throws (which would be a 500).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseCsvItems } from './csv.ts';
import { parseGift } from './gift.ts';
import { parseMoodleXml } from './moodle.ts';
import { checkCandidates } from './plan.ts';
import { parseQti } from './qti.ts';
import { parseXlsxItems } from './xlsx.ts';
import { readZip, writeZip, ZipError } from './zip.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const pieces = (alphabet: string[]) => fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((xs) => xs.join(''));

describe('import parsers under generated input', () => {
  it('GIFT never throws', () => {
    const gift = pieces(['{', '}', '=', '~', '#', '####', '::', '\\', '\n', '\n\n', '%50%', '%-100%', '->', 'T', '#1..2', ':0.1', '//', '[html]', '<p>', '$CATEGORY: x']);
    fc.assert(fc.property(gift, (s) => void checkCandidates(parseGift(s).items, ['K'])), { numRuns: RUNS });
  });

  it('Moodle XML never throws', () => {
    const xml = pieces(['<quiz>', '</quiz>', '<question type="multichoice">', '<question type="shortanswer">', '<question type="numerical">', '</question>', '<answer fraction="100">', '<answer fraction="-50">', '</answer>', '<text>', '</text>', '<![CDATA[', ']]>', '&amp;', '&#x41;', '<single>false</single>', '<tolerance>x</tolerance>', '<questiontext format="html">', '</questiontext>']);
    fc.assert(fc.property(xml, (s) => void checkCandidates(parseMoodleXml(`<quiz>${s}</quiz>`).items, ['K'])), { numRuns: RUNS });
    fc.assert(fc.property(xml, (s) => void checkCandidates(parseMoodleXml(s).items, ['K'])), { numRuns: RUNS });
  });

  it('QTI never throws', () => {
    const xml = pieces([
      '<qti-item-body>',
      '</qti-item-body>',
      '<qti-choice-interaction response-identifier="RESPONSE">',
      '</qti-choice-interaction>',
      '<qti-simple-choice identifier="A">',
      '<qti-simple-choice identifier="true">',
      '</qti-simple-choice>',
      '<qti-text-entry-interaction response-identifier="R"/>',
      '<qti-response-declaration identifier="R" cardinality="single" base-type="float">',
      '<qti-response-declaration identifier="RESPONSE" cardinality="multiple">',
      '</qti-response-declaration>',
      '<qti-correct-response><qti-value>A</qti-value></qti-correct-response>',
      '<qti-mapping><qti-map-entry map-key="A" mapped-value="x"/></qti-mapping>',
      '<qti-equal tolerance="a b"><qti-variable identifier="R"/></qti-equal>',
    ]);
    fc.assert(fc.property(xml, (s) => void checkCandidates(parseQti([{ name: null, text: `<qti-assessment-item>${s}</qti-assessment-item>` }]).items, ['K'])), { numRuns: RUNS });
  });

  it('CSV never throws', () => {
    const csv = pieces(['题型,题干,选项A,选项B,答案,知识点\n', '单选', '多选', '判断', '填空', '简答', '论述', ',', '"', '\n', 'A', 'AB', '对', '2|3;4', '±', '/x+/', '{', '\\', '=']);
    fc.assert(fc.property(csv, (s) => void checkCandidates(parseCsvItems(Buffer.from(s)).items, ['K'])), { numRuns: RUNS });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void checkCandidates(parseCsvItems(b).items, ['K'])), { numRuns: RUNS });
  });

  it('xlsx and zip reading never throw on damaged archives', async () => {
    const good = writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), async (flips) => {
        const bytes = Buffer.from(good);
        for (const [i, v] of flips) bytes[i] = v;
        await parseXlsxItems(bytes);
        try {
          readZip(bytes, { maxEntries: 10, maxTotalBytes: 1e6 });
        } catch (e) {
          if (!(e instanceof ZipError)) throw e;
        }
      }),
      { numRuns: Math.min(RUNS, 100) },
    );
  });
});
