import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Departments form a tree through `parent_id`. */
export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    parentId: integer('parent_id').references((): AnyPgColumn => departments.id, {
      onDelete: 'restrict',
    }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('departments_parent_idx').on(t.parentId)],
);

/** Positions (job roles); the skills issue hangs target mastery on them. */
export const positions = pgTable('positions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  description: text('description').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const EMPLOYEE_STATUSES = ['active', 'leave', 'terminated'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export const employees = pgTable(
  'employees',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The HR system's key; CSV re-imports update by it. */
    employeeNo: text('employee_no').notNull().unique(),
    name: text('name').notNull(),
    email: text('email'),
    departmentId: integer('department_id').references(() => departments.id, {
      onDelete: 'restrict',
    }),
    positionId: integer('position_id').references(() => positions.id, { onDelete: 'restrict' }),
    managerId: integer('manager_id').references((): AnyPgColumn => employees.id, {
      onDelete: 'set null',
    }),
    hireDate: date('hire_date', { mode: 'string' }),
    status: text('status').$type<EmployeeStatus>().notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('employees_manager_idx').on(t.managerId),
    index('employees_department_idx').on(t.departmentId),
    index('employees_position_idx').on(t.positionId),
    index('employees_name_idx').on(t.name),
    check('employees_status_check', sql`${t.status} in ('active', 'leave', 'terminated')`),
  ],
);
