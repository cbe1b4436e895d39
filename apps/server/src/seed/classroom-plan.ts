/**
 * Classroom (offline) sessions the trainer ran and recorded: one completed training record per
 * attendee, with the session's hours as time spent.
 */
import type { Rng } from './prng.ts';

export interface ClassroomRecordPlan {
  employeeId: number;
  title: string;
  sessionDate: string;
  location: string;
  trainerName: string;
  timeSpentSeconds: number;
  score: number | null;
  notes: string | null;
  /** The session's start, used for startedAt/completedAt. */
  heldAt: Date;
}

const SESSIONS = [
  { title: '大模型应用实战工作坊（线下）', daysAgo: 45, hours: 6, location: '总行培训中心 3 楼 301 教室', attendees: 24, scored: true, notes: '分组完成“客户来信分类”提示词设计练习。' },
  { title: '金融数据安全与个人信息保护专题培训', daysAgo: 20, hours: 2, location: '总行 12 楼大会议室', attendees: 30, scored: false, notes: null },
  { title: '新员工入职培训：银行业务与企业文化', daysAgo: 75, hours: 16, location: '总行培训中心 2 楼 201 教室', attendees: 12, scored: true, notes: '两天集中培训，结业测验合格。' },
] as const;

/**
 * Attendance of three sessions led by `trainerName`; `mustAttend` (e.g. the learner and the
 * manager) are placed in the first and second session respectively.
 */
export function planClassroom(
  rng: Rng,
  p: { now: Date; activeEmployeeIds: number[]; trainerName: string; mustAttend: number[] },
): ClassroomRecordPlan[] {
  const out: ClassroomRecordPlan[] = [];
  SESSIONS.forEach((s, i) => {
    const day = new Date(p.now.getTime() - s.daysAgo * 86_400_000);
    const sessionDate = day.toISOString().slice(0, 10);
    const heldAt = new Date(`${sessionDate}T01:00:00Z`); // 09:00 in Beijing
    const required = p.mustAttend[i];
    const others = rng.shuffle(p.activeEmployeeIds.filter((id) => id !== required)).slice(0, s.attendees - (required ? 1 : 0));
    for (const employeeId of required ? [required, ...others] : others) {
      out.push({
        employeeId,
        title: s.title,
        sessionDate,
        location: s.location,
        trainerName: p.trainerName,
        timeSpentSeconds: s.hours * 3600,
        score: s.scored ? rng.int(70, 100) : null,
        notes: s.notes,
        heldAt,
      });
    }
  });
  return out;
}
