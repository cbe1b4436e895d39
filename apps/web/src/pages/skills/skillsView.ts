/**
 * Pure helpers of the skills views (no React, no DOM), unit-tested in skillsView.test.ts:
 * number formatting, the heat-map colour scale, the radar's axes, and which rows of the
 * targets editor a server problem points at.
 */
import type { MasteryItem } from '@xueli/contracts';
import { ApiError } from '../../api/client.ts';
import { formatPercent } from '../../format.ts';

/** 0.724 → "72%" (null → "—"). */
export const pct = (x: number | null | undefined) => formatPercent(x);

/** Colour of a mastery value against its target: red below, green at or above, blue without one. */
export function masteryColor(k: number, target: number | null) {
  if (target === null) return '#1677ff';
  return k >= target ? '#52c41a' : '#ff4d4f';
}

/** Heat colours from K = 0 (red) through 0.5 (amber) to 1 (green), shared by chart and table. */
export const HEAT = ['#ff4d4f', '#ffc53d', '#73d13d'] as const;

function mix(a: string, b: string, f: number) {
  const ch = (s: string, i: number) => parseInt(s.slice(1 + 2 * i, 3 + 2 * i), 16);
  const out = [0, 1, 2].map((i) => Math.round(ch(a, i) + (ch(b, i) - ch(a, i)) * f));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The heat colour of a mastery value (the same scale as the chart's visual map), clamped to [0, 1]. */
export function heatColor(k: number) {
  const x = Math.min(1, Math.max(0, k));
  return x < 0.5 ? mix(HEAT[0], HEAT[1], x / 0.5) : mix(HEAT[1], HEAT[2], (x - 0.5) / 0.5);
}

/** K as the views show it: the estimate, or the model's prior while there is none. */
export const kOf = (i: Pick<MasteryItem, 'mastery' | 'prior'>) => i.mastery ?? i.prior;

export interface RadarAxis {
  /** Axis label: the point's code, or the domain. */
  name: string;
  k: number;
  t: number;
}

/**
 * The radar's axes: one per targeted point, or — above `maxAxes` points — one per domain with
 * the mean K and mean T of its targeted points (in order of first appearance).
 */
export function radarAxes(items: MasteryItem[], maxAxes: number): { grouped: boolean; axes: RadarAxis[] } {
  const targeted = items.filter((i) => i.target !== null);
  if (targeted.length <= maxAxes)
    return { grouped: false, axes: targeted.map((i) => ({ name: i.kpCode, k: kOf(i), t: i.target ?? 0 })) };
  const by = new Map<string, MasteryItem[]>();
  for (const i of targeted) {
    const d = i.domain || '—';
    by.set(d, [...(by.get(d) ?? []), i]);
  }
  return {
    grouped: true,
    axes: [...by].map(([domain, list]) => ({
      name: domain,
      k: list.reduce((s, i) => s + kOf(i), 0) / list.length,
      t: list.reduce((s, i) => s + (i.target ?? 0), 0) / list.length,
    })),
  };
}

/**
 * Row indexes of the targets editor that a failed save names, with messages: field errors at
 * `items.N[.field]`, and the knowledge-point ids in the problem's `kpId` / `kpIds` members.
 */
export function rowProblems(error: unknown, rows: { kpId: number }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!(error instanceof ApiError)) return out;
  const add = (i: number, msg: string) => out.set(i, [...(out.get(i) ?? []), msg]);
  for (const e of error.problem.errors ?? []) {
    const m = /^items\.(\d+)(?:\.(\w+))?/.exec(e.path);
    if (m) add(Number(m[1]), m[2] ? `${m[2]}: ${e.message}` : e.message);
  }
  const kpIds: unknown = error.problem.kpIds;
  const named: unknown[] = [error.problem.kpId, ...(Array.isArray(kpIds) ? (kpIds as unknown[]) : [])];
  rows.forEach((r, i) => {
    if (named.includes(r.kpId)) add(i, error.problem.detail);
  });
  return out;
}
