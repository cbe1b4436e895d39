/** What leaves the server for departments, positions and employees. */
import type { DepartmentItem, EmployeeItem, PositionItem } from '@xueli/contracts';
import type { DepartmentRow, EmployeeView, PositionRow } from './repo.ts';

export const presentDepartment = (d: DepartmentRow, depth: number, employeeCount: number): DepartmentItem => ({
  id: d.id,
  code: d.code,
  name: d.name,
  nameEn: d.nameEn,
  parentId: d.parentId,
  depth,
  employeeCount,
});

export const presentPosition = (p: PositionRow, employeeCount: number): PositionItem => ({
  id: p.id,
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
  description: p.description,
  employeeCount,
});

export const presentEmployee = (e: EmployeeView): EmployeeItem => ({
  id: e.id,
  employeeNo: e.employeeNo,
  name: e.name,
  email: e.email,
  departmentId: e.departmentId,
  departmentName: e.departmentName,
  positionId: e.positionId,
  positionName: e.positionName,
  managerId: e.managerId,
  managerName: e.managerName,
  hireDate: e.hireDate,
  status: e.status,
});
