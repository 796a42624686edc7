import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { isRole, normaliseUsername, passwordProblem, type Role, ROLES, validateNewUser } from '../../domain/auth.js';
import type { FieldErrors } from '../../domain/model.js';
import { cleanLine } from '../../domain/text.js';
import { hashPassword } from '../../security/passwords.js';
import type { User, UserChange } from '../../store/users.js';
import { actorOf } from '../auth.js';
import { notFound } from '../http-error.js';
import { jsonBody } from './api.js';

function loadUser(ctx: AppContext, param: unknown): User {
  const user = ctx.store.users.get(normaliseUsername(param));
  if (!user) throw notFound('Không tìm thấy người dùng này.');
  return user;
}

function userJson(u: User): Record<string, unknown> {
  return { username: u.username, fullName: u.fullName, role: u.role, disabled: u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

/** Refuses a change that would leave the app without an active admin. */
function lastAdminProblem(ctx: AppContext, user: User, change: { role?: Role; disabled?: boolean }): string | null {
  const losesAdmin = user.role === 'admin' && !user.disabled && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
  if (!losesAdmin) return null;
  const others = ctx.store.users.list().filter((u) => u.username !== user.username && u.role === 'admin' && !u.disabled);
  return others.length ? null : 'Phải luôn còn ít nhất một quản trị viên đang hoạt động.';
}

/** Validates a change of role, status, name or password; returns the change or the errors. */
async function readChange(ctx: AppContext, user: User, raw: Record<string, unknown>, form: boolean): Promise<{ change: UserChange } | { errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const change: UserChange = {};
  if (raw.role !== undefined && raw.role !== '') {
    if (isRole(raw.role)) change.role = raw.role;
    else errors.role = 'Vai trò không hợp lệ.';
  }
  if (raw.disabled !== undefined) {
    if (typeof raw.disabled === 'boolean') change.disabled = raw.disabled;
    else if (form && (raw.disabled === 'true' || raw.disabled === 'false')) change.disabled = raw.disabled === 'true';
    else errors.disabled = '"disabled" phải là true hoặc false.';
  }
  if (raw.fullName !== undefined) {
    const name = typeof raw.fullName === 'string' ? cleanLine(raw.fullName) : '';
    if (!name || [...name].length > 100) errors.fullName = 'Họ và tên phải có từ 1 đến 100 ký tự.';
    else change.fullName = name;
  }
  if (raw.password !== undefined && raw.password !== '') {
    const problem = passwordProblem(raw.password, user.username);
    if (problem) errors.password = problem;
    else change.passwordHash = await hashPassword(raw.password as string);
  }
  const adminProblem = lastAdminProblem(ctx, user, change);
  if (adminProblem) errors[change.disabled ? 'disabled' : 'role'] = adminProblem;
  return Object.keys(errors).length ? { errors } : { change };
}

/** GET /users: the accounts and a form to add one. */
export function listUsers(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    res.render('users/index', { title: 'Người dùng', users: ctx.store.users.list(), roles: ROLES, values: { role: 'editor' }, errors: {} });
  };
}

/** POST /users */
export function createUser(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = validateNewUser(body, (u) => ctx.store.users.get(u) !== undefined);
    if (!result.ok) {
      res.status(422).render('users/index', { title: 'Người dùng', users: ctx.store.users.list(), roles: ROLES, values: { username: body.username, fullName: body.fullName, role: body.role }, errors: result.errors });
      return;
    }
    const { password, ...fields } = result.value;
    await ctx.store.users.create({ ...fields, passwordHash: await hashPassword(password) }, actorOf(req));
    res.redirect(303, '/users?ok=user-created');
  };
}

/** GET /users/:username */
export function showUser(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const account = loadUser(ctx, req.params.username);
    res.render('users/edit', { title: account.fullName, account, roles: ROLES, errors: {}, tokens: ctx.store.users.tokensOf(account.username), history: ctx.store.auditOf('user', account.username).reverse() });
  };
}

/** POST /users/:username/tokens/:id/revoke: an admin revokes one of a user's API tokens. */
export function revokeUserToken(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = loadUser(ctx, req.params.username);
    const id = String(req.params.id);
    if (!ctx.store.users.tokensOf(account.username).some((t) => t.id === id)) throw notFound('Không tìm thấy mã API này.');
    await ctx.store.users.revokeToken(id, actorOf(req));
    res.redirect(303, `/users/${encodeURIComponent(account.username)}?ok=token-revoked#tokens`);
  };
}

/** POST /users/:username: role, status, name or a new password. */
export function updateUser(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = loadUser(ctx, req.params.username);
    const result = await readChange(ctx, account, (req.body ?? {}) as Record<string, unknown>, true);
    if ('errors' in result) {
      res.status(422).render('users/edit', { title: account.fullName, account, roles: ROLES, errors: result.errors, tokens: ctx.store.users.tokensOf(account.username), history: ctx.store.auditOf('user', account.username).reverse() });
      return;
    }
    await ctx.store.users.update(account.username, result.change, actorOf(req));
    res.redirect(303, `/users/${encodeURIComponent(account.username)}?ok=user-updated`);
  };
}

/** GET /api/v1/users */
export function apiListUsers(ctx: AppContext) {
  return (_req: Request, res: Response): void => {
    res.json({ users: ctx.store.users.list().map(userJson) });
  };
}

/** POST /api/v1/users `{ username, fullName, role, password }` → 201 */
export function apiCreateUser(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = validateNewUser(jsonBody(req), (u) => ctx.store.users.get(u) !== undefined);
    if (!result.ok) {
      res.status(result.errors.username?.includes('đã có') ? 409 : 422).json({ errors: result.errors });
      return;
    }
    const { password, ...fields } = result.value;
    const user = await ctx.store.users.create({ ...fields, passwordHash: await hashPassword(password) }, actorOf(req));
    res.status(201).json(userJson(user));
  };
}

/** PATCH /api/v1/users/:username `{ disabled?, role?, password?, fullName? }` */
export function apiPatchUser(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const account = loadUser(ctx, req.params.username);
    const result = await readChange(ctx, account, jsonBody(req), false);
    if ('errors' in result) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(userJson(await ctx.store.users.update(account.username, result.change, actorOf(req))));
  };
}
