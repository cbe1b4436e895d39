import type { MasteryItem } from '@xueli/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { heatColor, pct, radarAxes, rowProblems } from './skillsView.ts';

const item = (code: string, domain: string, mastery: number | null, prior: number, target: number | null): MasteryItem => ({
  kpId: code.length,
  kpCode: code,
  kpName: code,
  kpNameEn: null,
  domain,
  frameworkId: 1,
  mastery,
  prior,
  attempts: 0,
  selfRating: null,
  managerRating: null,
  target,
  weight: target === null ? null : 1,
  shortfall: 0,
  lastEvidenceAt: null,
});

describe('skills view helpers', () => {
  it('formats probabilities as whole percents', () => {
    expect(pct(0.724)).toBe('72%');
    expect(pct(1)).toBe('100%');
    expect(pct(null)).toBe('—');
  });

  it('colours the heat map red → amber → green and clamps', () => {
    expect(heatColor(0)).toBe('#ff4d4f');
    expect(heatColor(0.5)).toBe('#ffc53d');
    expect(heatColor(1)).toBe('#73d13d');
    expect(heatColor(-3)).toBe(heatColor(0));
    expect(heatColor(2)).toBe(heatColor(1));
    expect(heatColor(0.25)).toBe('#ff8946');
  });

  it('draws one radar axis per targeted point, using the prior where there is no estimate', () => {
    const r = radarAxes([item('A', 'x', 0.4, 0.2, 0.8), item('B', 'x', null, 0.3, 0.6), item('C', 'y', 0.9, 0.2, null)], 12);
    expect(r.grouped).toBe(false);
    expect(r.axes).toEqual([
      { name: 'A', k: 0.4, t: 0.8 },
      { name: 'B', k: 0.3, t: 0.6 },
    ]);
  });

  it('groups the radar by domain (means) above the axis limit', () => {
    const items = [item('A', 'x', 0.4, 0, 0.8), item('B', 'x', 0.6, 0, 0.6), item('C', 'y', 0.9, 0, 0.5)];
    const r = radarAxes(items, 2);
    expect(r.grouped).toBe(true);
    expect(r.axes.map((a) => a.name)).toEqual(['x', 'y']);
    expect(r.axes[0]!.k).toBeCloseTo(0.5);
    expect(r.axes[0]!.t).toBeCloseTo(0.7);
    expect(r.axes[1]).toEqual({ name: 'y', k: 0.9, t: 0.5 });
  });

  it('maps a failed save to the rows it names, by field path and by knowledge-point id', () => {
    const rows = [{ kpId: 11 }, { kpId: 12 }, { kpId: 13 }];
    const invalid = new ApiError({
      type: 'urn:xueli:problem:validation',
      title: 'Invalid request',
      status: 400,
      detail: 'Invalid body',
      errors: [{ path: 'items.2.target', message: 'Too big: expected number to be <=1' }],
    });
    expect([...rowProblems(invalid, rows)]).toEqual([[2, ['target: Too big: expected number to be <=1']]]);
    const unknown = new ApiError({
      type: 'urn:xueli:problem:invalid',
      title: 'Invalid',
      status: 400,
      detail: 'Unknown or retired knowledge points: 12',
      kpIds: [12],
    });
    expect([...rowProblems(unknown, rows)]).toEqual([[1, ['Unknown or retired knowledge points: 12']]]);
    expect(rowProblems(new Error('network'), rows).size).toBe(0);
  });
});
