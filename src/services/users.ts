import { MSG } from '../domain/messages.js';
import { randomBytes } from 'node:crypto';
import { type ApiToken, isRole, normaliseUsername, passwordProblem, type Role, type User, validateNewUser } from '../domain/auth.js';
import type { FieldErrors, Result } from '../domain/model.js';
import { validateCommune } from '../domain/settings.js';
import { cleanLine } from '../domain/text.js';
import { localToday, toLocalIso } from '../domain/time.js';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords.js';
import { hashApiToken, newApiToken } from '../security/tokens.js';
import type { CommuneTx } from '../storage/port.js';
import { auditAccount } from './audit.js';
import { notFound } from './errors.js';
import { type Scope, scopeOf } from './scope.js';
import { changeSettingsSection, settingsOf } from './settings.js';

export type UserChange = Partial<Pick<User, 'fullName' | 'role' | 'disabled' | 'passwordHash'>>;

/**
 * An account, or 404. Asked by an account of a commune (`by`), only that commune's accounts are
 * found: nothing of one commune is visible in another.
 */
export async function userByName(scope: Scope, raw: unknown, by?: Pick<User, 'commune'>): Promise<User> {
  const user = await scope.storage.users.get(normaliseUsername(raw));
  if (!user || (by?.commune && user.commune !== by.commune)) throw notFound(MSG.userNotFound);
  return user;
}

/**
 * Where an account's changes happen: its commune (the first commune for an account of the deployment).
 * Every change of one commune's accounts is one of that commune's transactions, whoever makes it and
 * from whichever commune's page, so they run one after another (the last-admin rule holds) and are
 * in that commune's trail (those of the deployment's accounts in the deployment's: `auditAccount`).
 */
export function scopeOfAccount(scope: Scope, account: Pick<User, 'commune'>): Scope {
  const own = scopeOf(scope.storage, scope.clock, account.commune);
  return own.commune.code === scope.commune.code ? scope : own;
}

/** The accounts an account may see: all of them, or for an account of a commune, that commune's. */
export async function visibleUsers(scope: Scope, by: Pick<User, 'commune'>): Promise<User[]> {
  const all = await scope.storage.users.list();
  return by.commune ? all.filter((u) => u.commune === by.commune) : all;
}

/**
 * The commune a new account belongs to: an account of a commune makes accounts of its own commune
 * only; an account of the deployment names one (`commune`, its code) or makes an account of the
 * deployment. City viewers belong to the deployment.
 */
async function communeOfNewUser(scope: Scope, raw: Record<string, unknown>, role: Role, by: Pick<User, 'commune'> | undefined): Promise<Result<string | undefined>> {
  const asked = typeof raw.commune === 'string' && raw.commune.trim() ? raw.commune.trim() : undefined;
  if (by?.commune) {
    if (asked !== undefined && asked !== by.commune) return { ok: false, errors: { commune: 'Chỉ tạo được tài khoản của xã, phường mình.' } };
    if (role === 'city-viewer') return { ok: false, errors: { role: 'Vai trò "Thành phố (chỉ xem)" chỉ dành cho tài khoản của thành phố.' } };
    return { ok: true, value: by.commune };
  }
  if (asked === undefined) return { ok: true, value: undefined };
  if (role === 'city-viewer') return { ok: false, errors: { commune: 'Tài khoản "Thành phố (chỉ xem)" không thuộc xã, phường nào: bỏ trống mục xã, phường.' } };
  if (!(await scope.storage.communes()).some((c) => c.code === asked)) return { ok: false, errors: { commune: `Không có xã, phường mã "${asked.slice(0, 64)}".` } };
  return { ok: true, value: asked };
}

/** Checks a username and password; the same answer whether the user is unknown, disabled or the password wrong. */
export async function checkCredentials(scope: Scope, usernameRaw: unknown, password: unknown): Promise<User | null> {
  const username = normaliseUsername(usernameRaw);
  const user = username ? await scope.storage.users.get(username) : null;
  const pass = typeof password === 'string' ? password : '';
  const ok = await verifyPassword(pass, user ? user.passwordHash : await decoyHash());
  return user && ok && !user.disabled && pass ? user : null;
}

/** Stores a new account with its audit record (inside a transaction). */
export async function insertUser(tx: CommuneTx, scope: Scope, fields: { username: string; fullName: string; role: Role; passwordHash: string; commune?: string }, actor: string): Promise<User> {
  const now = toLocalIso(scope.clock());
  const { commune, ...rest } = fields;
  const user: User = { ...rest, ...(commune ? { commune } : {}), disabled: false, sessionVersion: 1, createdAt: now, createdBy: actor, updatedAt: now, updatedBy: actor };
  await tx.createUser(user);
  await auditAccount(tx, scope, user, actor, 'user.create', { type: 'user', id: user.username }, { after: { username: user.username, fullName: user.fullName, role: user.role, ...(commune ? { commune } : {}) } });
  return user;
}

/**
 * Creates an account from a form or JSON body (validated here, the password hashed). Usernames are the
 * deployment's: a commune's admin told a name is taken gets one answer (MSG.usernameUnavailable), whichever
 * commune's account holds it.
 */
export async function createUser(scope: Scope, raw: Record<string, unknown>, actor: string, by?: Pick<User, 'commune'>): Promise<Result<User>> {
  const created = await createAccount(scope, raw, actor, by);
  if (created.ok || !by?.commune || created.errors.username !== MSG.usernameTaken) return created;
  return { ok: false, errors: { ...created.errors, username: MSG.usernameUnavailable } };
}

async function createAccount(scope: Scope, raw: Record<string, unknown>, actor: string, by?: Pick<User, 'commune'>): Promise<Result<User>> {
  const taken = await scope.storage.users.get(normaliseUsername(raw.username));
  const result = validateNewUser(raw, () => taken !== null);
  const commune = await communeOfNewUser(scope, raw, result.ok ? result.value.role : 'viewer', by);
  if (!result.ok || !commune.ok) return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...(commune.ok ? {} : commune.errors) } };
  const { password, ...fields } = result.value;
  const passwordHash = await hashPassword(password);
  const own = scopeOfAccount(scope, { commune: commune.value });
  return own.commune.transaction(async (tx) => {
    if (await tx.user(fields.username)) return { ok: false, errors: { username: MSG.usernameTaken } };
    return { ok: true, value: await insertUser(tx, own, { ...fields, passwordHash, commune: commune.value }, actor) };
  });
}

/**
 * Creates the first admin (the set-up page, or ADMIN_USERNAME at start), only while no account
 * exists: two set-ups racing, the first one wins and the other gets null.
 */
export async function createFirstAdmin(scope: Scope, fields: { username: string; fullName: string; password: string }, actor: string): Promise<User | null> {
  const passwordHash = await hashPassword(fields.password);
  return scope.commune.transaction(async (tx) => {
    if ((await tx.userCount()) > 0) return null;
    return insertUser(tx, scope, { username: fields.username, fullName: fields.fullName, role: 'admin', passwordHash }, actor);
  });
}

/**
 * The set-up page of the first start: the first admin and the commune's name and kind, checked
 * together and stored in one transaction (the settings change audited as any), or nothing at all
 * with every field's error. Null when an account exists by then (two set-ups racing).
 */
export async function setUpFirstStart(scope: Scope, raw: Record<string, unknown>): Promise<Result<User> | null> {
  const account = validateNewUser({ ...raw, role: 'admin' }, () => false);
  // The set-up asks for the name and kind only; the report deadline stays as it is.
  const commune = validateCommune({ communeName: raw.communeName, communeKind: raw.communeKind, deadlineDay: (await settingsOf(scope)).deadlineDay });
  if (!account.ok || !commune.ok) return { ok: false, errors: { ...(commune.ok ? {} : commune.errors), ...(account.ok ? {} : account.errors) } };
  const { username, fullName, password } = account.value;
  const passwordHash = await hashPassword(password);
  const year = Number(localToday(scope.clock()).slice(0, 4));
  return scope.commune.transaction(async (tx) => {
    if ((await tx.userCount()) > 0) return null;
    const user = await insertUser(tx, scope, { username, fullName, role: 'admin', passwordHash }, username);
    const saved = await changeSettingsSection(tx, scope, 'commune', commune.value, year, username);
    // Checked above, so a refusal here is a bug: throwing takes the account back too.
    if (!saved.ok) throw new Error(`set-up: the commune was refused after it was checked (${Object.keys(saved.errors).join(', ')})`);
    return { ok: true, value: user };
  });
}

/**
 * Applies a change to an account. A new password or disabling ends the account's sessions (its
 * session version goes up) and revokes all its API tokens, each revocation audited, in the same
 * write; enabling it again brings none back.
 */
async function applyChange(scope: Scope, account: User, change: UserChange, actor: string): Promise<Result<User>> {
  const own = scopeOfAccount(scope, account);
  const username = account.username;
  return own.commune.transaction(async (tx) => {
    const old = await tx.user(username);
    if (!old) throw notFound(MSG.userNotFound);
    // Checked again here, where the commune's account changes run one at a time: two admins disabled at once leave one.
    const adminProblem = lastAdminProblem(await tx.users(), old, change);
    if (adminProblem) return { ok: false, errors: { [change.disabled ? 'disabled' : 'role']: adminProblem } };
    const endsSessions = change.passwordHash !== undefined || (change.disabled === true && !old.disabled);
    const now = toLocalIso(scope.clock());
    const next: User = { ...old, ...change, sessionVersion: old.sessionVersion + (endsSessions ? 1 : 0), updatedAt: now, updatedBy: actor };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of ['fullName', 'role', 'disabled'] as const) {
      if (old[k] !== next[k]) {
        before[k] = old[k];
        after[k] = next[k];
      }
    }
    const passwordOnly = change.passwordHash !== undefined && Object.keys(after).length === 0;
    if (change.passwordHash !== undefined) after.password = 'đã đặt mật khẩu mới';
    await tx.replaceUser(next);
    await auditAccount(tx, own, old, actor, passwordOnly ? 'user.password' : 'user.update', { type: 'user', id: username }, { before, after });
    if (endsSessions) {
      const reason = change.passwordHash !== undefined ? 'mật khẩu mới' : 'khóa tài khoản';
      for (const t of await tx.tokensOf(username)) {
        await tx.replaceToken({ ...t, revokedAt: now });
        await auditAccount(tx, own, old, actor, 'token.revoke', { type: 'token', id: t.id }, { before: { name: t.name, username }, after: { reason } });
      }
    }
    return { ok: true, value: next };
  });
}

/** Refuses a change that would leave the app (or a commune) without an active admin. */
function lastAdminProblem(accounts: User[], user: User, change: UserChange): string | null {
  const losesAdmin = user.role === 'admin' && !user.disabled && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
  if (!losesAdmin) return null;
  // Admins of the same commune (or of the deployment, for an account of the deployment).
  const others = accounts.filter((u) => u.username !== user.username && u.role === 'admin' && !u.disabled && (u.commune ?? '') === (user.commune ?? ''));
  return others.length ? null : MSG.lastAdmin;
}

/**
 * Changes an account's role, status, name or password, as an admin asks (a form, where `disabled` is
 * "true"/"false", or JSON, where it is a boolean). Errors come back by field; nothing is stored.
 */
export async function changeUser(scope: Scope, username: string, raw: Record<string, unknown>, form: boolean, actor: string): Promise<Result<User>> {
  const user = await userByName(scope, username);
  const errors: FieldErrors = {};
  const change: UserChange = {};
  if (raw.role !== undefined && raw.role !== '') {
    if (!isRole(raw.role)) errors.role = MSG.roleInvalid;
    else if (raw.role === 'city-viewer' && user.commune) errors.role = 'Vai trò "Thành phố (chỉ xem)" chỉ dành cho tài khoản của thành phố.';
    else change.role = raw.role;
  }
  if (raw.disabled !== undefined) {
    if (typeof raw.disabled === 'boolean') change.disabled = raw.disabled;
    else if (form && (raw.disabled === 'true' || raw.disabled === 'false')) change.disabled = raw.disabled === 'true';
    else errors.disabled = MSG.disabledInvalid;
  }
  if (raw.fullName !== undefined) {
    const name = typeof raw.fullName === 'string' ? cleanLine(raw.fullName) : '';
    if (!name || [...name].length > 100) errors.fullName = MSG.fullNameLength;
    else change.fullName = name;
  }
  if (raw.password !== undefined && raw.password !== '') {
    const problem = passwordProblem(raw.password, user.username);
    if (problem) errors.password = problem;
    else change.passwordHash = await hashPassword(raw.password as string);
  }
  const adminProblem = lastAdminProblem(await scope.storage.users.list(), user, change);
  if (adminProblem) errors[change.disabled ? 'disabled' : 'role'] = adminProblem;
  if (Object.keys(errors).length) return { ok: false, errors };
  return applyChange(scope, user, change, actor);
}

/** The user changes their own password, giving the current one; their sessions and tokens end. */
export async function changeOwnPassword(scope: Scope, user: User, raw: Record<string, unknown>): Promise<Result<User>> {
  const errors: FieldErrors = {};
  if (!(await verifyPassword(typeof raw.currentPassword === 'string' ? raw.currentPassword : '', user.passwordHash))) errors.currentPassword = MSG.currentPasswordWrong;
  const problem = passwordProblem(raw.password, user.username);
  if (problem) errors.password = problem;
  if (raw.password !== raw.passwordConfirm) errors.passwordConfirm = MSG.newPasswordsDiffer;
  if (Object.keys(errors).length) return { ok: false, errors };
  return applyChange(scope, user, { passwordHash: await hashPassword(raw.password as string) }, user.username);
}

/** A token's name as typed, cleaned; or the problem with it. */
function readTokenName(raw: unknown): Result<string> {
  const name = typeof raw === 'string' ? cleanLine(raw.slice(0, 1000)) : '';
  if (!name) return { ok: false, errors: { name: MSG.tokenNameMissing } };
  if ([...name].length > 100) return { ok: false, errors: { name: MSG.tokenNameLong } };
  return { ok: true, value: name };
}

/** The most tokens an account may have that are not revoked (each one a way in to keep track of). */
export const MAX_LIVE_TOKENS = 20;

/** Makes an API token for a user (at most MAX_LIVE_TOKENS live ones); the token itself is returned once, only its hash is kept. */
export async function createToken(scope: Scope, username: string, rawName: unknown, actor: string): Promise<Result<{ token: string; record: ApiToken }>> {
  const name = readTokenName(rawName);
  if (!name.ok) return name;
  const token = newApiToken();
  const record: ApiToken = { id: randomBytes(6).toString('hex'), name: name.value, username, hash: hashApiToken(token), createdAt: toLocalIso(scope.clock()), revokedAt: null };
  const account = (await scope.storage.users.get(username)) ?? {};
  const own = scopeOfAccount(scope, account);
  const made = await own.commune.transaction(async (tx) => {
    // Counted where the token is written: two requests at once cannot both make the 21st.
    if ((await tx.tokensOf(username)).filter((t) => !t.revokedAt).length >= MAX_LIVE_TOKENS) return false;
    await tx.createToken(record);
    await auditAccount(tx, own, account, actor, 'token.create', { type: 'token', id: record.id }, { after: { name: record.name, username } });
    return true;
  });
  if (!made) return { ok: false, errors: { name: MSG.tokenLimit(MAX_LIVE_TOKENS) } };
  return { ok: true, value: { token, record } };
}

/** Revokes a live token of `owner`; it stops working at once. 404 when `owner` has no such token. */
export async function revokeToken(scope: Scope, owner: string, id: string, actor: string): Promise<void> {
  const account = (await scope.storage.users.get(owner)) ?? {};
  const own = scopeOfAccount(scope, account);
  await own.commune.transaction(async (tx) => {
    const token = (await tx.tokensOf(owner)).find((t) => t.id === id);
    if (!token) throw notFound(MSG.tokenNotFound);
    await tx.replaceToken({ ...token, revokedAt: toLocalIso(own.clock()) });
    await auditAccount(tx, own, account, actor, 'token.revoke', { type: 'token', id }, { before: { name: token.name } });
  });
}

/** The owner of a live token, among the accounts an actor may manage (their own; any for an admin). */
export async function tokenOwner(scope: Scope, actor: User, id: string): Promise<string> {
  if ((await scope.storage.users.tokensOf(actor.username)).some((t) => t.id === id)) return actor.username;
  if (actor.role === 'admin') {
    for (const u of await visibleUsers(scope, actor)) if ((await scope.storage.users.tokensOf(u.username)).some((t) => t.id === id)) return u.username;
  }
  throw notFound(MSG.tokenNotFound);
}
