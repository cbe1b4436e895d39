import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { accessSummary } from './kbView.ts';

const t = ((k: string) => ({ 'roles.assessor': '评审员', 'roles.trainer': '培训师' })[k] ?? k) as unknown as TFunction;

describe('accessSummary', () => {
  it('lists departments, positions and roles in that order, skipping empty groups', () => {
    expect(
      accessSummary(
        {
          access: {
            departments: [
              { id: 1, name: '风险管理部' },
              { id: 2, name: '合规部' },
            ],
            positions: [],
            roles: ['assessor', 'trainer'],
          },
        },
        t,
      ),
    ).toBe('风险管理部、合规部 · 评审员、培训师');
    expect(accessSummary({ access: { departments: [], positions: [], roles: [] } }, t)).toBe('');
  });
});
