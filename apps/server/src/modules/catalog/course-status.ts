/**
 * The course life cycle as a pure rule, so it can be tested without a database.
 *
 *   draft ──publish──▶ published ──archive──▶ archived
 *     ▲                   │   ▲                  │
 *     └──unpublish────────┘   └────republish─────┘
 *
 * Publishing needs at least one module; unpublishing (back to draft) only while nobody is
 * enrolled, because a draft is invisible to learners and their progress would vanish.
 */
import type { CourseStatus } from '../../db/schema/index.ts';

const MOVES: Record<CourseStatus, readonly CourseStatus[]> = {
  draft: ['published'],
  published: ['archived', 'draft'],
  archived: ['published'],
};

/**
 * Why the move `from → to` is not allowed, or null when it is. `moduleCount` and
 * `enrollmentCount` describe the course now.
 */
export function statusChangeRefusal(
  from: CourseStatus,
  to: CourseStatus,
  facts: { moduleCount: number; enrollmentCount: number },
): string | null {
  if (from === to) return null;
  if (!MOVES[from].includes(to)) {
    return `A ${from} course cannot become ${to}; allowed: ${MOVES[from].join(', ')}`;
  }
  if (to === 'published' && facts.moduleCount === 0) {
    return 'A course needs at least one module before it can be published';
  }
  if (from === 'published' && to === 'draft' && facts.enrollmentCount > 0) {
    return `${facts.enrollmentCount} learner(s) are enrolled; archive the course instead of unpublishing it`;
  }
  return null;
}
