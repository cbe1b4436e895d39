/**
 * The authoring aid for programming items: run the item's test cases on code an author sends
 * (typically the reference solution) and return everything (the author view, ADR 0007).
 */
import type { ProgrammingAuthorResult } from '@xueli/contracts';
import type { Deps } from '../../../deps.ts';
import { conflict, notFound } from '../../../lib/errors.ts';
import { itemById } from '../items.repo.ts';
import { gradeProgramming } from './grade.ts';

export async function itemTrier(deps: Deps, props: { id: number; code: string }): Promise<ProgrammingAuthorResult> {
  const item = await itemById(deps.db, props.id);
  if (!item) throw notFound('item', props.id);
  if (item.type !== 'programming')
    throw conflict(`Only a programming item can be tried; item ${props.id} is a ${item.type} item`, {
      type: item.type,
    });
  const result = await gradeProgramming(item.answerKey ?? {}, props.code);
  return result.author;
}
