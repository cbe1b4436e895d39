import { describe, expect, it } from 'vitest';
import { selectedKey } from './nav.tsx';

describe('selectedKey', () => {
  it('highlights the longest menu path that prefixes the location', () => {
    expect(selectedKey('/')).toBe('/');
    expect(selectedKey('/team')).toBe('/team');
    expect(selectedKey('/team/skills')).toBe('/team/skills');
    expect(selectedKey('/skills/frameworks/12')).toBe('/skills/frameworks');
    expect(selectedKey('/courses/3')).toBe('/courses');
    expect(selectedKey('/manage/items/new')).toBe('/manage/items');
    expect(selectedKey('/manage/items/42')).toBe('/manage/items');
  });

  it('highlights a member\'s skills page as Team skills, where it is reached from', () => {
    expect(selectedKey('/team/members/42/skills')).toBe('/team/skills');
  });

  it('highlights an exam being taken as My exams, and the exam builder as Exams', () => {
    expect(selectedKey('/attempts/7')).toBe('/exams');
    expect(selectedKey('/exams')).toBe('/exams');
    expect(selectedKey('/manage/exams/3')).toBe('/manage/exams');
    expect(selectedKey('/grading')).toBe('/grading');
  });
});
