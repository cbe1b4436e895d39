import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ XUELI_LOGIN_MAX_FAILURES: '3' });
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs in, sets an httpOnly SameSite=Lax cookie, and returns the user and CSRF token', async () => {
    const { username } = await makeUser(t.db, { roles: ['learner', 'manager'] });
    const res = await t.anon.post('/api/v1/auth/login', { username, password: 'test-password-1' });
    expect(res.status).toBe(200);
    expect(res.body.user.roles).toEqual(['learner', 'manager']);
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/xueli_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('rejects a wrong password with a problem document', async () => {
    const { username } = await makeUser(t.db);
    const res = await t.anon.post('/api/v1/auth/login', { username, password: 'wrong-password-9' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:xueli:problem:invalid-credentials');
  });

  it('locks the account after repeated failures, even against the right password', async () => {
    const { username } = await makeUser(t.db);
    for (let i = 0; i < 3; i++) await t.anon.post('/api/v1/auth/login', { username, password: 'wrong-password-9' });
    const res = await t.anon.post('/api/v1/auth/login', { username, password: 'test-password-1' });
    expect(res.status).toBe(423);
    expect(res.body.type).toBe('urn:xueli:problem:locked');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a cookie-authenticated mutation without the CSRF token', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    const ok = await c.post('/api/v1/auth/tokens', { name: 'ci' });
    expect(ok.status).toBe(201);
    const res = await c.request({ method: 'POST', url: '/api/v1/auth/tokens', headers: { 'x-csrf-token': 'forged', 'content-type': 'application/json' }, payload: '{"name":"x"}' });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:xueli:problem:csrf');
  });

  it('logs out and the cookie stops working', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await c.get('/api/v1/auth/session')).status).toBe(401);
  });
});

describe('account administration', () => {
  it('ends the sessions of an account the moment an admin disables it', async () => {
    const { username, user } = await makeUser(t.db);
    const victim = await t.login(username);
    expect((await victim.get('/api/v1/auth/session')).status).toBe(200); // now cached
    const admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
    expect((await admin.patch(`/api/v1/users/${user.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await victim.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('applies a role change to the next request of a logged-in user', async () => {
    const { username, user } = await makeUser(t.db, { roles: ['learner'] });
    const c = await t.login(username);
    expect((await c.get('/api/v1/users')).status).toBe(403);
    const admin = await t.login((await makeUser(t.db, { roles: ['admin'] })).username);
    expect((await admin.patch(`/api/v1/users/${user.id}`, { roles: ['learner', 'admin'] })).status).toBe(200);
    expect((await c.get('/api/v1/users')).status).toBe(200);
  });
});

describe('password change', () => {
  it('changes the password, which then works for login, and the old one does not', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    const res = await c.post('/api/v1/auth/password', { currentPassword: 'test-password-1', newPassword: 'brand-new-pass-42' });
    expect(res.status).toBe(200);
    expect((await t.anon.post('/api/v1/auth/login', { username, password: 'test-password-1' })).status).toBe(401);
    expect((await t.anon.post('/api/v1/auth/login', { username, password: 'brand-new-pass-42' })).status).toBe(200);
  });

  it('rejects a weak new password with the reason', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    const res = await c.post('/api/v1/auth/password', { currentPassword: 'test-password-1', newPassword: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/newPassword/);
  });
});

describe('personal API tokens', () => {
  it('shows the token once, authenticates with it, never lists the secret, and stops after revocation', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    const created = await c.post('/api/v1/auth/tokens', { name: 'integration' });
    const token = created.body.token as string;
    expect(token).toMatch(/^xli_/);
    const list = await c.get('/api/v1/auth/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);
    const viaToken = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.statusCode).toBe(200);
    expect((await c.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('needs no CSRF token for a token-authenticated mutation', async () => {
    const { username } = await makeUser(t.db);
    const c = await t.login(username);
    const token = (await c.post('/api/v1/auth/tokens', { name: 'a' })).body.token as string;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'b' } });
    expect(res.statusCode).toBe(201);
  });
});
