import type { Request, Response } from 'express';
import { CITY_VIEWER, ROLES, type User } from '../../domain/auth.js';
import type { FieldErrors } from '../../domain/model.js';
import { MSG } from '../../domain/messages.js';
import { tokensOf } from '../../services/accounts.js';
import type { Scope } from '../../services/scope.js';
import { accountHistory } from '../../services/audit.js';
import { describeAuditRecords } from '../../services/audit-lines.js';
import { changeUser, createUser as addUser, revokeToken, userByName, visibleUsers } from '../../services/users.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';

function userJson(u: User): Record<string, unknown> {
  return { username: u.username, fullName: u.fullName, role: u.role, ...(u.commune ? { commune: u.commune } : {}), disabled: u.disabled, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

/**
 * The roles an admin may give: the city's viewer too where several communes are served, to an account
 * of the deployment (the page's choice of commune is there only then, for an account of the deployment).
 */
function rolesFor(res: Response, account?: User): (typeof ROLES)[number][] {
  const several = res.locals.communeChoice !== null && res.locals.communeChoice !== undefined;
  return (several && !account?.commune) || account?.role === CITY_VIEWER.code ? [...ROLES, CITY_VIEWER] : ROLES;
}

/** The accounts page: the accounts an admin sees, and the form to add one. */
async function renderUsers(ctx: WebContext, req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors, status = 200): Promise<void> {
  res.status(status).render('users/index', { title: 'Người dùng', users: await visibleUsers(scope(ctx, req), req.user!), roles: rolesFor(res), values, errors });
}

async function renderUser(s: Scope, res: Response, account: User, errors: FieldErrors, status = 200): Promise<void> {
  res.status(status).render('users/edit', {
    title: account.fullName,
    account,
    roles: rolesFor(res, account),
    errors,
    tokens: await tokensOf(s.storage, account.username),
    history: await describeAuditRecords(s, (await accountHistory(s, account)).reverse()),
  });
}

/** GET /users: the accounts and a form to add one. */
export function listUsers(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await renderUsers(ctx, req, res, { role: 'editor', commune: req.communeCode }, {});
  };
}

/** POST /users */
export function createUser(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await addUser(scope(ctx, req), body, actorOf(req), req.user);
    if (!result.ok) {
      await renderUsers(ctx, req, res, { username: body.username, fullName: body.fullName, role: body.role, commune: body.commune }, result.errors, 422);
      return;
    }
    res.redirect(303, '/users?ok=user-created');
  };
}

/** GET /users/:username */
export function showUser(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    await renderUser(s, res, await userByName(s, req.params.username, req.user), {});
  };
}

/** POST /users/:username: role, status, name or a new password. */
export function updateUser(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const account = await userByName(s, req.params.username, req.user);
    const result = await changeUser(s, account.username, (req.body ?? {}) as Record<string, unknown>, true, actorOf(req));
    if (!result.ok) return renderUser(s, res, account, result.errors, 422);
    res.redirect(303, `/users/${encodeURIComponent(account.username)}?ok=user-updated`);
  };
}

/** POST /users/:username/tokens/:id/revoke: an admin revokes one of a user's API tokens. */
export function revokeUserToken(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const account = await userByName(s, req.params.username, req.user);
    await revokeToken(s, account.username, String(req.params.id), actorOf(req));
    res.redirect(303, `/users/${encodeURIComponent(account.username)}?ok=token-revoked#tokens`);
  };
}

/** GET /api/v1/users */
export function apiListUsers(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ users: (await visibleUsers(scope(ctx, req), req.user!)).map(userJson) });
  };
}

/** POST /api/v1/users `{ username, fullName, role, password }` → 201 */
export function apiCreateUser(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await addUser(scope(ctx, req), jsonBody(req), actorOf(req), req.user);
    if (!result.ok) {
      res.status(result.errors.username === MSG.usernameTaken ? 409 : 422).json({ errors: result.errors });
      return;
    }
    res.status(201).json(userJson(result.value));
  };
}

/** PATCH /api/v1/users/:username `{ disabled?, role?, password?, fullName? }` */
export function apiPatchUser(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const account = await userByName(s, req.params.username, req.user);
    const result = await changeUser(s, account.username, jsonBody(req), false, actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(userJson(result.value));
  };
}
