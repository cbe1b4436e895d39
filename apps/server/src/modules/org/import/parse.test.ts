import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeTextFile } from '../../../lib/csv.ts';
import { parseEmployeeCsv } from './parse.ts';

describe('reading the file', () => {
  it('decodes UTF-8 with a BOM, dropping the BOM', () => {
    const r = decodeTextFile(Buffer.from('\uFEFF工号,姓名\n', 'utf8'));
    expect(r).toEqual({ text: '工号,姓名\n', encoding: 'utf-8' });
  });

  it('decodes GBK bytes as GB18030', () => {
    const r = decodeTextFile(iconv.encode('工号,姓名\nE1,张三\n', 'gbk'));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe('工号,姓名\nE1,张三\n');
  });

  it('decodes UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const r = decodeTextFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('工号\t姓名\n', 'utf16le')]));
    expect(r.encoding).toBe('utf-16le');
    expect(parseEmployeeCsv(r.text).fields).toEqual(new Set(['employeeNo', 'name']));
  });
});

describe('parsing rows', () => {
  it('gives each record the line where it starts, even after a quoted cell with line breaks', () => {
    const f = parseEmployeeCsv('工号,姓名,部门\nE1,"张\n三",D1\n\nE2,李四,"风控\r\n部"\r\nE3,王五,D1\n');
    expect(f.errors).toEqual([]);
    expect(f.rows.map((r) => [r.line, r.cells.employeeNo])).toEqual([
      [2, 'E1'],
      [5, 'E2'],
      [7, 'E3'],
    ]);
    expect(f.rows[0]!.cells.name).toBe('张\n三');
  });

  it('treats CRLF files like LF files', () => {
    const f = parseEmployeeCsv('employeeNo,name\r\nE1,A\r\nE2,B\r\n');
    expect(f.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(f.rows[1]!.cells.name).toBe('B');
  });

  it('skips blank rows and rows of empty cells', () => {
    const f = parseEmployeeCsv('employeeNo,name\n,\n\nE1,A\n , \n');
    expect(f.rows.map((r) => r.line)).toEqual([4]);
  });

  it('treats missing trailing cells as blank but reports extra cells', () => {
    const f = parseEmployeeCsv('employeeNo,name,email\nE1,A\nE2,B,b@x.cn,oops\n');
    expect(f.rows[0]!.cells.email).toBe('');
    expect(f.errors).toEqual([
      expect.objectContaining({ line: 3, value: 'oops', message: 'line 3: has 4 cells but the header has 3 columns' }),
    ]);
  });

  it('reads tab-separated files', () => {
    const f = parseEmployeeCsv('工号\t姓名\nE1\t张三\n');
    expect(f.rows[0]!.cells).toEqual({ employeeNo: 'E1', name: '张三' });
  });

  it('names every unknown header in one file-level error', () => {
    const f = parseEmployeeCsv('工号,姓名,工资,Remarks\nE1,A,1,x\n');
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toMatchObject({ line: 1, field: null });
    expect(f.errors[0]!.message).toBe("line 1: unknown columns '工资', 'Remarks'");
    expect(f.rows).toEqual([]);
  });

  it('refuses a file without the required columns', () => {
    const f = parseEmployeeCsv('email,department\na@b.cn,D1\n');
    expect(f.errors.map((e) => e.message)).toEqual(['line 1: required columns missing: employeeNo, name']);
  });

  it('refuses an empty file', () => {
    expect(parseEmployeeCsv('').errors[0]!.message).toMatch(/empty/);
  });

  it('reports an unterminated quote on the line of the record that opens it', () => {
    const f = parseEmployeeCsv('employeeNo,name\nE1,A\n\nE2,"B\nE3,C\n');
    expect(f.errors).toEqual([
      expect.objectContaining({ line: 4, message: 'line 4: a quoted cell is never closed (a " is missing)' }),
    ]);
  });
});
