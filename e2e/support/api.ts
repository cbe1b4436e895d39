/**
 * A small API client for arranging test data over HTTP as a given user (cookie session +
 * CSRF token, exactly like the browser), so each flow builds what it needs instead of
 * depending on the demo content.
 */
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'xueli-demo-2026';

export const baseUrl = () => inject('baseUrl');

/** A short suffix that makes names unique across runs against the same server. */
export const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

export interface ApiClient {
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
  patch<T = any>(path: string, body: unknown): Promise<T>;
}

/** Logs in over the API and returns a client that throws on any non-2xx answer. */
export async function apiLogin(username: string, password = DEMO_PASSWORD): Promise<ApiClient> {
  const res = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl()}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body),
  };
}

/**
 * A fresh account linked to a fresh employee (so learner features work), created by the demo
 * admin. Returns the username; the password is DEMO_PASSWORD.
 */
export async function makeLearner(
  opts: { roles?: string[]; locale?: 'zh-CN' | 'en-US' } = {},
): Promise<{ username: string; employeeId: number; employeeNo: string }> {
  const admin = await apiLogin('admin');
  const employeeNo = unique('E2E');
  const employee = await admin.post('/employees', { employeeNo, name: `测试学员${employeeNo.slice(-4)}` });
  const username = employeeNo.toLowerCase();
  await admin.post('/users', {
    username,
    displayName: `E2E ${employeeNo}`,
    password: DEMO_PASSWORD,
    roles: opts.roles ?? ['learner'],
    employeeId: employee.id,
  });
  if (opts.locale) {
    const me = await apiLogin(username);
    await me.patch('/auth/session', { locale: opts.locale });
  }
  return { username, employeeId: employee.id, employeeNo };
}

/** As the demo trainer: a published course with `modules` modules, each with one Markdown resource. */
export async function makePublishedCourse(modules = 2): Promise<{ id: number; title: string; moduleIds: number[] }> {
  const trainer = await apiLogin('trainer');
  const title = `端到端测试课程 ${unique('')}`;
  const course = await trainer.post('/courses', {
    title,
    titleEn: `E2E course ${title.slice(-6)}`,
    category: 'E2E',
    tags: ['e2e'],
  });
  const moduleIds: number[] = [];
  for (let i = 1; i <= modules; i++) {
    const m = await trainer.post(`/courses/${course.id}/modules`, { title: `第 ${i} 单元`, estimatedMinutes: 5 });
    await trainer.post(`/modules/${m.id}/resources`, {
      kind: 'markdown',
      title: `阅读材料 ${i}`,
      body: `## 要点 ${i}\n\n- 第一条\n- 第二条\n\n<script>alert(1)</script>`,
    });
    moduleIds.push(m.id);
  }
  await trainer.patch(`/courses/${course.id}`, { status: 'published' });
  return { id: course.id, title, moduleIds };
}
