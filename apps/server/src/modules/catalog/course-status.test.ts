import { describe, expect, it } from 'vitest';
import { statusChangeRefusal } from './course-status.ts';

const facts = (moduleCount: number, enrollmentCount: number) => ({ moduleCount, enrollmentCount });

describe('course status rules', () => {
  it('publishes a draft that has a module', () => {
    expect(statusChangeRefusal('draft', 'published', facts(1, 0))).toBeNull();
  });

  it('refuses to publish a course without modules', () => {
    expect(statusChangeRefusal('draft', 'published', facts(0, 0))).toMatch(/at least one module/);
  });

  it('unpublishes only while nobody is enrolled', () => {
    expect(statusChangeRefusal('published', 'draft', facts(2, 0))).toBeNull();
    expect(statusChangeRefusal('published', 'draft', facts(2, 3))).toMatch(/archive/);
  });

  it('archives and republishes', () => {
    expect(statusChangeRefusal('published', 'archived', facts(2, 3))).toBeNull();
    expect(statusChangeRefusal('archived', 'published', facts(2, 3))).toBeNull();
  });

  it('refuses moves outside the life cycle and names the allowed ones', () => {
    expect(statusChangeRefusal('draft', 'archived', facts(1, 0))).toMatch(/allowed: published/);
    expect(statusChangeRefusal('archived', 'draft', facts(1, 0))).toMatch(/cannot become draft/);
  });

  it('treats staying in the same status as no move', () => {
    expect(statusChangeRefusal('archived', 'archived', facts(0, 0))).toBeNull();
  });
});
