import { describe, expect, it } from 'vitest';
import { fieldOfHeader, mapHeaders, normalizeHeader, TEMPLATE_HEADERS } from './columns.ts';

describe('header mapping', () => {
  it('maps English headers whatever their case, spacing or separators', () => {
    for (const h of ['employeeNo', 'EmployeeNo', 'employee_no', 'Employee No', ' EMPLOYEE-NO ']) {
      expect(fieldOfHeader(h)).toBe('employeeNo');
    }
    expect(fieldOfHeader('Hire Date')).toBe('hireDate');
    expect(fieldOfHeader('managerNo')).toBe('manager');
  });

  it('maps Chinese headers and their common synonyms', () => {
    expect(fieldOfHeader('工号')).toBe('employeeNo');
    expect(fieldOfHeader('员工编号')).toBe('employeeNo');
    expect(fieldOfHeader('姓名')).toBe('name');
    expect(fieldOfHeader('电子邮件')).toBe('email');
    expect(fieldOfHeader('职位')).toBe('position');
    expect(fieldOfHeader('直属上级')).toBe('manager');
    expect(fieldOfHeader('上级工号')).toBe('manager');
    expect(fieldOfHeader('入职日期')).toBe('hireDate');
    expect(fieldOfHeader('状态')).toBe('status');
  });

  it('folds full-width letters and drops a BOM before matching', () => {
    expect(normalizeHeader('\uFEFFＥｍａｉｌ')).toBe('email');
    expect(fieldOfHeader('\uFEFF工号')).toBe('employeeNo');
  });

  it('reports unknown headers by their original spelling', () => {
    const m = mapHeaders(['工号', '姓名', 'Salary', '备注']);
    expect(m.unknown).toEqual(['Salary', '备注']);
    expect(m.missing).toEqual([]);
  });

  it('reports missing required columns', () => {
    expect(mapHeaders(['email', 'department']).missing).toEqual(['employeeNo', 'name']);
  });

  it('reports two columns that mean the same field', () => {
    const m = mapHeaders(['工号', 'employee_no', '姓名']);
    expect(m.duplicated).toEqual([{ field: 'employeeNo', headers: ['工号', 'employee_no'] }]);
  });

  it('ignores blank header cells left by spreadsheets', () => {
    const m = mapHeaders(['工号', '姓名', '', ' ']);
    expect(m.unknown).toEqual([]);
    expect([...m.columns.values()]).toEqual(['employeeNo', 'name']);
  });

  it('offers templates whose every header maps to a distinct field', () => {
    for (const lang of ['zh', 'en'] as const) {
      const m = mapHeaders(TEMPLATE_HEADERS[lang]);
      expect(m.unknown).toEqual([]);
      expect(m.duplicated).toEqual([]);
      expect(m.columns.size).toBe(8);
    }
  });
});
