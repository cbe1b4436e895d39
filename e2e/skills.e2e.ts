import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, unique, type ApiClient } from './support/api.ts';
import { launchBrowser, newPage, PHONE, tid, uiLogin } from './support/browser.ts';

interface HeatMap {
  knowledgePoints: { id: number; code: string }[];
  members: { employeeId: number; name: string; cells: { mastery: number | null; attempts: number }[] }[];
}

/** The first cell of the manager's heat map page (50 members) that has graded responses behind it. */
function cellWithEvidence(view: HeatMap) {
  for (const m of view.members)
    for (const [j, c] of m.cells.entries()) {
      const kp = view.knowledgePoints[j];
      if (kp && c.attempts > 0) return { employeeId: m.employeeId, kpId: kp.id, attempts: c.attempts };
    }
  return null;
}

/**
 * The demo seed gives the manager's team simulated responses; should a seed ever lack them,
 * one graded response for the first member on the first point is recorded here instead.
 */
async function ensureEvidence(manager: ApiClient): Promise<NonNullable<ReturnType<typeof cellWithEvidence>>> {
  let view = await manager.get<HeatMap>('/team/mastery?pageSize=50');
  const found = cellWithEvidence(view);
  if (found) return found;
  const member = view.members[0];
  const kp = view.knowledgePoints[0];
  if (!member || !kp) throw new Error('The demo manager has no team members with skill targets');
  const admin = await apiLogin('admin');
  await admin.post('/evidence', {
    responses: [{ employeeId: member.employeeId, itemRef: unique('e2e-item-'), knowledgePoints: [kp.id], score: 1 }],
  });
  view = await manager.get<HeatMap>('/team/mastery?pageSize=50');
  const arranged = cellWithEvidence(view);
  if (!arranged) throw new Error('Recording a response did not give the cell any attempts');
  return arranged;
}

/** How far the page is wider than the viewport (the e2e project has no DOM types: a string expression). */
const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('a manager drilling into the team skills heat map', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens Team skills, sees the heat map, opens a cell with evidence and sees that evidence', async () => {
    const manager = await apiLogin('manager');
    const expected = await ensureEvidence(manager);

    const { page, context, errors } = await newPage(browser);
    await uiLogin(page, 'manager');
    await tid(page, 'nav-team-skills').click();
    await page.waitForURL('**/team/skills');
    // The ECharts heat map draws on a canvas.
    await tid(page, 'team-heatmap').locator('canvas').first().waitFor();
    await tid(page, 'team-skills-totals').waitFor();
    // The CSV export is a plain link: the session cookie goes along with the GET.
    const csvHref = await tid(page, 'team-skills-csv').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/v1\/team\/mastery\.csv/);
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('employee_no');

    // The same matrix as a table; pick a cell whose data-attempts says it has responses.
    await tid(page, 'team-skills-table-tab').click();
    await tid(page, 'team-skills-table').waitFor();
    const withEvidence = page.locator('[data-testid^="cell-"]:not([data-attempts="0"])');
    await expect.poll(() => withEvidence.count()).toBeGreaterThan(0);
    const cell = withEvidence.first();
    const [, employeeId, kpId] = /^cell-(\d+)-(\d+)$/.exec((await cell.getAttribute('data-testid')) ?? '') ?? [];
    expect(Number(employeeId)).toBeGreaterThan(0);
    const attempts = Number(await cell.getAttribute('data-attempts'));
    expect(attempts).toBeGreaterThan(0);
    // The cell the API says has evidence is there too, with the same attempts.
    await expect(
      tid(page, `cell-${expected.employeeId}-${expected.kpId}`).getAttribute('data-attempts'),
    ).resolves.toBe(String(expected.attempts));

    await cell.click();
    await tid(page, 'kp-detail').waitFor();
    await expect(tid(page, 'kp-attempts').textContent()).resolves.toBe(String(attempts));

    // The evidence behind the cell: the same entries as the API lists, newest first.
    const evidence = await manager.get(`/employees/${employeeId}/evidence?kpId=${kpId}&pageSize=10`);
    expect(evidence.total).toBeGreaterThan(0);
    const items = page.locator('[data-testid="evidence-list"] [data-testid="evidence-item"]');
    await expect.poll(() => items.count()).toBe(Math.min(10, evidence.items.length));
    expect(await items.first().getAttribute('data-kind')).toBe(evidence.items[0].kind);
    if (evidence.items[0].itemRef) {
      await expect(items.first().textContent()).resolves.toContain(evidence.items[0].itemRef);
    }

    // From the drawer to the member's full mastery view.
    await tid(page, 'cell-member-link').click();
    await page.waitForURL(`**/team/members/${employeeId}/skills`);
    await tid(page, 'skills-summary').waitFor();

    // The member's targets: set an individual target, see it as the API does, then reset it.
    await tid(page, 'employee-targets').waitFor();
    const edit = page.locator('[data-testid^="override-edit-"]').first();
    const code = ((await edit.getAttribute('data-testid')) ?? '').replace('override-edit-', '');
    await edit.click();
    const modal = page.locator('.ant-modal');
    await modal.getByRole('spinbutton').first().fill('95');
    await modal.locator('.ant-btn-primary').click();
    await tid(page, `override-reset-${code}`).waitFor();
    const after = await manager.get(`/employees/${employeeId}/targets`);
    expect(after.items.find((i: { kpCode: string }) => i.kpCode === code)).toMatchObject({ target: 0.95, source: 'override' });
    await tid(page, `override-reset-${code}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await tid(page, `override-edit-${code}`).waitFor();
    await expect.poll(async () => (await manager.get(`/employees/${employeeId}/targets`)).items.find((i: { kpCode: string }) => i.kpCode === code)?.source).toBe('position');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the heat map inside its card on a phone', async () => {
    const { page, context, errors } = await newPage(browser, PHONE);
    await uiLogin(page, 'manager');
    await page.goto('/team/skills');
    await tid(page, 'team-heatmap').locator('canvas').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // The chart is wider than the screen and scrolls sideways inside its own box.
    const scroll = await tid(page, 'heatmap-scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(scroll).toBeGreaterThan(0);

    await page.goto('/skills');
    await page.locator('[data-testid="skills-summary"], [data-testid="empty-state"]').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
