import type { Request, Response } from 'express';
import { normaliseUsername } from '../../domain/auth.js';
import type { FieldErrors } from '../../domain/model.js';
import { MSG } from '../../domain/messages.js';
import { capChars } from '../../domain/text.js';
import { tokensOf } from '../../services/accounts.js';
import { recordAccountEvent } from '../../services/audit.js';
import { changeOwnPassword as changePassword, checkCredentials, createToken, revokeToken, tokenOwner } from '../../services/users.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { startLoginSession } from './login.js';

async function renderAccount(ctx: WebContext, req: Request, res: Response, extra: { errors?: FieldErrors; newToken?: { name: string; token: string } | null; tokenName?: string; status?: number } = {}): Promise<void> {
  const user = req.user!;
  res.status(extra.status ?? 200).render('account/show', {
    title: 'Tài khoản',
    account: user,
    tokens: await tokensOf(ctx.storage, user.username),
    errors: extra.errors ?? {},
    newToken: extra.newToken ?? null,
    tokenName: extra.tokenName ?? '',
  });
}

/** GET /account */
export function showAccount(ctx: WebContext) {
  return (req: Request, res: Response): Promise<void> => renderAccount(ctx, req, res);
}

/** POST /account/password: the user changes their own password (their other sessions end). */
export function changeOwnPassword(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await changePassword(scope(ctx, req), req.user!, (req.body ?? {}) as Record<string, unknown>);
    if (!result.ok) return renderAccount(ctx, req, res, { errors: result.errors, status: 422 });
    await startLoginSession(req, result.value);
    res.redirect(303, '/account?ok=password-changed');
  };
}

/** POST /account/tokens: makes a token for the signed-in user and shows it once. */
export function createOwnToken(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const raw = (req.body as Record<string, unknown> | undefined)?.name;
    const result = await createToken(scope(ctx, req), req.user!.username, raw, req.user!.username);
    if (!result.ok) return renderAccount(ctx, req, res, { errors: result.errors, tokenName: typeof raw === 'string' ? capChars(raw, 200) : '', status: 422 });
    await renderAccount(ctx, req, res, { newToken: { name: result.value.record.name, token: result.value.token }, status: 201 });
  };
}

/** Revokes one of the user's own tokens (or any token, for an admin). */
async function revoke(ctx: WebContext, req: Request, id: string): Promise<void> {
  const s = scope(ctx, req);
  await revokeToken(s, await tokenOwner(s, req.user!, id), id, actorOf(req));
}

/** POST /account/tokens/:id/revoke */
export function revokeOwnToken(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await revoke(ctx, req, String(req.params.id));
    res.redirect(303, '/account?ok=token-revoked');
  };
}

/** POST /api/v1/tokens: `{ username, password, name }` → 201 `{ token, name }`. */
export function apiCreateToken(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = scope(ctx, req);
    const user = await checkCredentials(s, body.username, body.password);
    if (!user) {
      const username = normaliseUsername(body.username);
      await recordAccountEvent(s, username, username || '(trống)', 'auth.login-failed', { type: 'token', id: '' }, { after: { ip: req.ip } });
      res.status(401).json({ error: MSG.loginFailed });
      return;
    }
    const result = await createToken(s, user.username, body.name, user.username);
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.status(201).json({ token: result.value.token, name: result.value.record.name, id: result.value.record.id });
  };
}

/** DELETE /api/v1/tokens/:id */
export function apiRevokeToken(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await revoke(ctx, req, String(req.params.id));
    res.status(204).end();
  };
}
