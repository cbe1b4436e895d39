/**
 * The shape of a demo item as written in `seed/items/*.ts`: the create-item request body
 * (knowledge points referenced by their LLM-APP codes), plus `referenceSolution`, kept in the
 * seed data for tests and never stored with the item:
 * - programming: the reference implementation (JavaScript source defining `functionName`);
 * - short answer: a model answer in prose, which the item's keyword key must score 1.
 */
import type { createItemBody } from '@xueli/contracts';
import type { z } from 'zod';

export type ItemSeed = z.input<typeof createItemBody> & { referenceSolution?: string };

const IDS = 'abcdefghij';

/** Choice options with ids a, b, c … in display order. */
export const options = (...texts: string[]) => texts.map((text, i) => ({ id: IDS[i]!, text }));

/** One fill-in blank accepting any of the given texts (normalised by the grader: full/half width, case, spaces). */
export const blank = (...values: string[]) => ({ accepted: values.map((value) => ({ kind: 'text' as const, value })) });

/** One fill-in blank accepting a number, optionally within a tolerance. */
export const numberBlank = (value: number, tolerance?: { abs?: number; rel?: number }) => ({
  accepted: [{ kind: 'number' as const, value, ...(tolerance && { tolerance }) }],
});

/** A rubric criterion with its levels, worst first: [label, score, description]. */
export const criterion = (id: string, name: string, description: string, levels: [string, number, string][], weight?: number) => ({
  id,
  name,
  description,
  ...(weight !== undefined && { weight }),
  levels: levels.map(([label, score, desc]) => ({ label, score, description: desc })),
});
