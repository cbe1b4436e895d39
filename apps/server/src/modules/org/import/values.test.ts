import { describe, expect, it } from 'vitest';
import { cleanCell, isEmail, parseHrDate, parseHrStatus } from './values.ts';

describe('date parsing', () => {
  it('reads ISO, slash and Chinese dates, padding month and day', () => {
    expect(parseHrDate('2024-03-01')).toBe('2024-03-01');
    expect(parseHrDate('2024/3/1')).toBe('2024-03-01');
    expect(parseHrDate('2024/12/31')).toBe('2024-12-31');
    expect(parseHrDate('2024年3月1日')).toBe('2024-03-01');
    expect(parseHrDate('2024 年 11 月 5 日')).toBe('2024-11-05');
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseHrDate('2024-02-29')).toBe('2024-02-29');
    expect(parseHrDate('2023-02-29')).toBeNull();
  });

  it('rejects impossible days and other formats', () => {
    for (const s of [
      '2024-13-01',
      '2024-04-31',
      '2024-00-10',
      '01/03/2024',
      '2024.03.01',
      '20240301',
      'yesterday',
      '',
    ]) {
      expect(parseHrDate(s)).toBeNull();
    }
  });
});

describe('status parsing', () => {
  it('reads English words in any case and the Chinese words', () => {
    expect(parseHrStatus('Active')).toBe('active');
    expect(parseHrStatus('LEAVE')).toBe('leave');
    expect(parseHrStatus('terminated')).toBe('terminated');
    expect(parseHrStatus('在职')).toBe('active');
    expect(parseHrStatus('休假')).toBe('leave');
    expect(parseHrStatus('离职')).toBe('terminated');
  });

  it('rejects anything else', () => {
    expect(parseHrStatus('retired')).toBeNull();
  });
});

describe('cells and e-mail', () => {
  it('unwraps Excel\'s ="…" that keeps leading zeros, and trims', () => {
    expect(cleanCell(' ="000123" ')).toBe('000123');
    expect(cleanCell('  张三 ')).toBe('张三');
    expect(cleanCell(undefined)).toBe('');
  });

  it('accepts ordinary addresses and rejects malformed ones', () => {
    expect(isEmail('zhang.san@bank.example.cn')).toBe(true);
    for (const s of ['zhang', 'a@b', 'a b@c.com', 'a@@b.com', '@b.com', 'a@b..com']) expect(isEmail(s)).toBe(false);
  });
});
