import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import type { FieldErrors } from '../../domain/model.js';
import { normaliseUsername, passwordProblem } from '../../domain/auth.js';
import { hashPassword, verifyPassword } from '../../security/passwords.js';
import { hashApiToken, newApiToken } from '../../security/tokens.js';
import { actorOf } from '../auth.js';
import { HttpError } from '../http-error.js';
import { capChars, cleanLine } from '../../domain/text.js';
import { checkCredentials, startSession } from './session.js';

function renderAccount(ctx: AppContext, req: Request, res: Response, extra: { errors?: FieldErrors; newToken?: { name: string; token: string } | null; tokenName?: string; status?: number } = {}): void {
  const user = req.user!;
  res.status(extra.status ?? 200).render('account/show', {
    title: 'Tài khoản',
    account: user,
    tokens: ctx.store.users.tokensOf(user.username),
    errors: extra.errors ?? {},
    newToken: extra.newToken ?? null,
    tokenName: extra.tokenName ?? '',
  });
}

/** GET /account */
export function showAccount(ctx: AppContext) {
  return (req: Request, res: Response): void => renderAccount(ctx, req, res);
}

/** POST /account/password: the user changes their own password (their other sessions end). */
export function changeOwnPassword(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const user = req.user!;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: FieldErrors = {};
    if (!(await verifyPassword(typeof body.currentPassword === 'string' ? body.currentPassword : '', user.passwordHash))) errors.currentPassword = 'Mật khẩu hiện tại không đúng.';
    const problem = passwordProblem(body.password, user.username);
    if (problem) errors.password = problem;
    else if (body.password !== body.passwordConfirm) errors.passwordConfirm = 'Hai lần nhập mật khẩu mới không khớp.';
    if (Object.keys(errors).length) return renderAccount(ctx, req, res, { errors, status: 422 });
    const updated = await ctx.store.users.update(user.username, { passwordHash: await hashPassword(body.password as string) }, user.username);
    await startSession(req, updated);
    res.redirect(303, '/account?ok=password-changed');
  };
}

/** A token's name as typed, cleaned; or the problem with it. */
function readTokenName(raw: unknown): { name: string } | { problem: string } {
  const name = typeof raw === 'string' ? cleanLine(raw.slice(0, 1000)) : '';
  if (!name) return { problem: 'Vui lòng đặt tên cho mã (ví dụ: "máy tính phòng truyền thanh").' };
  if ([...name].length > 100) return { problem: 'Tên mã không được dài quá 100 ký tự.' };
  return { name };
}

/** POST /account/tokens: makes a token for the signed-in user and shows it once. */
export function createOwnToken(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const raw = (req.body as Record<string, unknown> | undefined)?.name;
    const read = readTokenName(raw);
    if ('problem' in read) return renderAccount(ctx, req, res, { errors: { name: read.problem }, tokenName: typeof raw === 'string' ? capChars(raw, 200) : '', status: 422 });
    const token = newApiToken();
    await ctx.store.users.addToken(req.user!.username, read.name, hashApiToken(token), req.user!.username);
    renderAccount(ctx, req, res, { newToken: { name: read.name, token }, status: 201 });
  };
}

/** Revokes one of the user's own tokens (or any token, for an admin). */
async function revoke(ctx: AppContext, req: Request, id: string): Promise<void> {
  const user = req.user!;
  const owned = ctx.store.users.tokensOf(user.username).some((t) => t.id === id);
  const any = user.role === 'admin' && ctx.store.users.list().some((u) => ctx.store.users.tokensOf(u.username).some((t) => t.id === id));
  if (!owned && !any) throw new HttpError(404, 'Không tìm thấy mã API này.');
  await ctx.store.users.revokeToken(id, actorOf(req));
}

/** POST /account/tokens/:id/revoke */
export function revokeOwnToken(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await revoke(ctx, req, String(req.params.id));
    res.redirect(303, '/account?ok=token-revoked');
  };
}

/** POST /api/v1/tokens: `{ username, password, name }` → 201 `{ token, name }`. */
export function apiCreateToken(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = await checkCredentials(ctx, body.username, body.password);
    if (!user) {
      const username = normaliseUsername(body.username);
      await ctx.store.recordEvent(username || '(trống)', 'auth.login-failed', { type: 'token', id: '' }, { after: { ip: req.ip } });
      res.status(401).json({ error: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
      return;
    }
    const read = readTokenName(body.name);
    if ('problem' in read) {
      res.status(422).json({ errors: { name: read.problem } });
      return;
    }
    const token = newApiToken();
    const record = await ctx.store.users.addToken(user.username, read.name, hashApiToken(token), user.username);
    res.status(201).json({ token, name: record.name, id: record.id });
  };
}

/** DELETE /api/v1/tokens/:id */
export function apiRevokeToken(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await revoke(ctx, req, String(req.params.id));
    res.status(204).end();
  };
}
