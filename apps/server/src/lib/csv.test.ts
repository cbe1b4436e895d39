import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, decodeTextFile, headerMapper, parseCsvTable, unescapeFormula } from './csv.ts';

describe('CSV writing', () => {
  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('defuses formula-like cells and undoes it on the way back', () => {
    for (const s of ['=1+1', '+86 10', '-x', '@SUM(A1)']) {
      const cell = csvCell(s);
      expect(cell.startsWith("'")).toBe(true);
      expect(unescapeFormula(cell)).toBe(s);
    }
    expect(unescapeFormula("'plain")).toBe("'plain");
  });

  it('writes a BOM, CRLF line ends, and reads back the same table', () => {
    const bytes = csvDocument(['code', 'name'], [['A', '提示词, "基础"'], ['B', '=x']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { text, encoding } = decodeTextFile(bytes);
    expect(encoding).toBe('utf-8');
    expect(text).toBe('code,name\r\nA,"提示词, ""基础"""\r\nB,\'=x\r\n');
    const table = parseCsvTable(text, headerMapper({ code: ['code', '编码'], name: ['name'] }, ['code']));
    expect(table.errors).toEqual([]);
    expect(table.rows.map((r) => [r.line, r.cells.code, unescapeFormula(r.cells.name!)])).toEqual([
      [2, 'A', '提示词, "基础"'],
      [3, 'B', '=x'],
    ]);
  });
});
