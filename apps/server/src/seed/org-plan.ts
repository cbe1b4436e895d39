/**
 * Plans the people of Demo Bank, without touching the database: who works where, in which
 * position, and who reports to whom. Each department has a head (the president for 总行);
 * heads report to the president; a department's staff form teams of about nine under team
 * leads, and two people report to the head directly.
 */
import type { EmployeeStatus } from '../db/schema/index.ts';
import { ACCOUNT_EMPLOYEES, DEPARTMENTS, GIVEN_CHARS, SURNAMES, type DepartmentSeed } from './org-data.ts';
import type { Rng } from './prng.ts';

export interface EmployeePlan {
  employeeNo: string;
  name: string;
  email: string;
  department: string;
  position: string;
  /** employeeNo of the manager; null for the president. */
  managerNo: string | null;
  hireDate: string;
  status: EmployeeStatus;
  /** Depth in the reporting tree (president 0): rows are inserted level by level. */
  level: number;
}

export interface OrganisationPlan {
  employees: EmployeePlan[];
  /** Demo username → employeeNo of the employee the account is linked to. */
  accounts: Record<string, string>;
}

const TEAM_SIZE = 9;
const DIRECT_REPORTS = 2;

/** Days since 1970-01-01 → ISO date. */
const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** Plans about 300 employees (the DEPARTMENTS headcounts) with unique names. */
export function planOrganisation(rng: Rng): OrganisationPlan {
  const surnameWeights = SURNAMES.map((_, i) => 1 / (i + 4));
  const used = new Set(Object.values(ACCOUNT_EMPLOYEES).map((a) => a.name));
  const newName = () => {
    for (;;) {
      const given = rng.chance(0.7) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
      const name = rng.weighted(SURNAMES, surnameWeights) + given;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const hireDate = (from: string, to: string) => isoDay(rng.int(dayOf(from), dayOf(to)));
  const staffStatus = (): EmployeeStatus => rng.weighted<EmployeeStatus>(['active', 'leave', 'terminated'], [93, 5, 2]);

  const employees: EmployeePlan[] = [];
  const accounts: Record<string, string> = {};
  const add = (e: Omit<EmployeePlan, 'employeeNo' | 'email' | 'name'> & { name?: string }) => {
    const n = String(employees.length + 1).padStart(5, '0');
    const row: EmployeePlan = { ...e, name: e.name ?? newName(), employeeNo: `DB${n}`, email: `e${n}@demobank.example` };
    employees.push(row);
    return row;
  };
  const accountFor = (dept: DepartmentSeed, role: 'head' | 'direct' | 'staff') =>
    Object.entries(ACCOUNT_EMPLOYEES).find(([, a]) => a.department === dept.code && a.role === role);
  const staffPosition = (dept: DepartmentSeed) => rng.weighted(dept.staff.map((s) => s[0]), dept.staff.map((s) => s[1]));

  let president: EmployeePlan | undefined;
  for (const dept of DEPARTMENTS) {
    const headAccount = accountFor(dept, 'head');
    const head = add({
      ...(headAccount ? { name: headAccount[1].name } : {}),
      department: dept.code,
      position: dept.headPosition,
      managerNo: president?.employeeNo ?? null,
      hireDate: president ? hireDate('2004-03-01', '2014-12-31') : hireDate('2001-07-01', '2008-12-31'),
      status: 'active',
      level: president ? 1 : 0,
    });
    if (headAccount) accounts[headAccount[0]] = head.employeeNo;
    president ??= head;
    const staffCount = dept.headcount - 1;
    if (head === president) {
      for (let i = 0; i < staffCount; i++) {
        add({ department: dept.code, position: staffPosition(dept), managerNo: head.employeeNo, hireDate: hireDate('2010-01-01', '2025-06-30'), status: 'active', level: 1 });
      }
      continue;
    }
    const teams = Math.max(1, Math.round(staffCount / TEAM_SIZE));
    const leads = Array.from({ length: teams }, () =>
      add({ department: dept.code, position: dept.staff[0]![0], managerNo: head.employeeNo, hireDate: hireDate('2008-01-01', '2019-12-31'), status: 'active', level: 2 }),
    );
    const directAccount = accountFor(dept, 'direct');
    for (let i = 0; i < DIRECT_REPORTS; i++) {
      const mine = i === 0 && directAccount;
      const row = add({
        ...(mine ? { name: directAccount[1].name } : {}),
        department: dept.code,
        position: mine ? directAccount[1].position : staffPosition(dept),
        managerNo: head.employeeNo,
        hireDate: hireDate('2012-01-01', '2025-06-30'),
        status: mine ? 'active' : staffStatus(),
        level: 2,
      });
      if (mine) accounts[directAccount[0]] = row.employeeNo;
    }
    const staffAccount = accountFor(dept, 'staff');
    for (let i = 0; i < staffCount - teams - DIRECT_REPORTS; i++) {
      const mine = i === 0 && staffAccount;
      const row = add({
        ...(mine ? { name: staffAccount[1].name } : {}),
        department: dept.code,
        position: mine ? staffAccount[1].position : staffPosition(dept),
        managerNo: leads[i % teams]!.employeeNo,
        hireDate: hireDate('2012-01-01', '2025-09-30'),
        status: mine ? 'active' : staffStatus(),
        level: 3,
      });
      if (mine) accounts[staffAccount[0]] = row.employeeNo;
    }
  }
  return { employees, accounts };
}
