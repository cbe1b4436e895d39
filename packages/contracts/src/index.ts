export * from './common.ts';
export * from './auth.ts';
export * from './org.ts';
export * from './catalog.ts';
export * from './mastery.ts';
export * from './skills.ts';
export * from './items.ts';
export * from './exams.ts';
