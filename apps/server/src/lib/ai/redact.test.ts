import { describe, expect, it } from 'vitest';
import { luhnValid, redactPii, validResidentId } from './redact.ts';

describe('PII redaction', () => {
  it('replaces e-mail addresses, mobile numbers (with +86 and separators), valid ID and card numbers', () => {
    const text = '联系 zhang.san@example.com.cn 或 138-1234-5678，备用 +86 13912345678 / 15900001111。身份证 11010519491231002X，卡号 4111 1111 1111 1111，另一张 6217000010012345677。';
    expect(redactPii(text)).toBe('联系 [EMAIL] 或 [PHONE]，备用 [PHONE] / [PHONE]。身份证 [ID_NUMBER]，卡号 [CARD_NUMBER]，另一张 [CARD_NUMBER]。');
  });

  it('keeps numbers that only look alike: wrong checksums, longer digit runs, order numbers, amounts, landlines', () => {
    for (const keep of [
      '身份证 110105194912310021', // wrong check character
      '卡号 4111111111111112', // fails Luhn
      '订单号 20240101123456789',
      '金额 13800000000000 元',
      '编号 1381234567890', // 13 digits: not a mobile number
      '电话 010-62345678',
      '版本 v12.3.4, 2024-06-01',
    ]) {
      expect(redactPii(keep), keep).toBe(keep);
    }
  });

  it('checks resident ID check characters and the Luhn sum', () => {
    expect(validResidentId('11010519491231002X')).toBe(true);
    expect(validResidentId('11010519491231002x')).toBe(true);
    expect(validResidentId('110105194912310021')).toBe(false);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111121')).toBe(false);
    expect(redactPii('')).toBe('');
  });
});
