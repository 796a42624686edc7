import { MSG } from './messages.js';
import type { FieldErrors, Result } from './model.js';
import { capChars, cleanLine } from './text.js';

import type { LocalIso } from './time.js';

/** An account. */
export interface User {
  username: string;
  fullName: string;
  role: Role;
  /**
   * The commune (its code) the account works in. Without one the account belongs to the deployment:
   * it works in every commune (an admin without a commune also creates communes).
   */
  commune?: string;
  passwordHash: string;
  disabled: boolean;
  /** Bumped when the password changes or the account is disabled: older sessions stop working. */
  sessionVersion: number;
  createdAt: LocalIso;
  createdBy: string;
  updatedAt: LocalIso;
  updatedBy: string;
}

/** An API token; the token itself is shown once and never stored, only its SHA-256. */
export interface ApiToken {
  id: string;
  name: string;
  username: string;
  hash: string;
  createdAt: LocalIso;
  revokedAt: LocalIso | null;
}

/** admin ⊃ editor ⊃ viewer; `city-viewer` reads every commune and the city's view, and changes nothing. */
export type Role = 'admin' | 'editor' | 'viewer' | 'city-viewer';

export const ROLES: { code: Role; label: string; description: string }[] = [
  { code: 'admin', label: 'Quản trị', description: 'quản lý người dùng, cài đặt, khôi phục bản ghi đã xóa; ghi và sửa nhật ký' },
  { code: 'editor', label: 'Biên tập', description: 'ghi, sửa nhật ký và xuất dữ liệu' },
  { code: 'viewer', label: 'Lãnh đạo (chỉ xem)', description: 'xem nhật ký, báo cáo, xuất dữ liệu; không sửa gì' },
];

/** What a request needs: nothing, any signed-in user, or a role. `audit` is admins and viewers. */
export type Access = 'public' | 'user' | 'editor' | 'admin' | 'audit' | 'city' | 'deployment';

/** Whether a role may do what an access level asks. */
export function allows(role: Role, access: Access): boolean {
  switch (access) {
    case 'public':
    case 'user':
      return true;
    case 'editor':
      return role === 'admin' || role === 'editor';
    case 'admin':
      return role === 'admin';
    case 'audit':
      return role === 'admin' || role === 'viewer' || role === 'city-viewer';
    case 'city':
    case 'deployment':
      // These depend on the account's commune too: see `allowsUser`.
      return false;
  }
}

/**
 * Whether an account may do what an access level asks: its role, and for the city's view (`city`:
 * admins of the deployment and city viewers) and the deployment's own business (`deployment`: its
 * admins, who create communes) also that it belongs to no commune.
 */
export function allowsUser(user: Pick<User, 'role' | 'commune'>, access: Access): boolean {
  if (access === 'city') return !user.commune && (user.role === 'admin' || user.role === 'city-viewer');
  if (access === 'deployment') return !user.commune && user.role === 'admin';
  return allows(user.role, access);
}

/** The role of the city's viewers, offered only where there are several communes. */
export const CITY_VIEWER = { code: 'city-viewer' as const, label: 'Thành phố (chỉ xem)', description: 'xem mọi xã, phường và trang tổng hợp của thành phố; không sửa gì' };

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Checks a new password; returns the Vietnamese message, or null when it is acceptable. */
export function passwordProblem(password: unknown, username?: string): string | null {
  if (typeof password !== 'string' || password.length === 0) return 'Vui lòng nhập mật khẩu.';
  if ([...password].length < PASSWORD_MIN) return `Mật khẩu phải có ít nhất ${PASSWORD_MIN} ký tự.`;
  if ([...password].length > PASSWORD_MAX) return `Mật khẩu không được dài quá ${PASSWORD_MAX} ký tự.`;
  if (username && password.toLowerCase() === username.toLowerCase()) return 'Mật khẩu không được trùng tên đăng nhập.';
  return null;
}

export interface NewUserFields {
  username: string;
  fullName: string;
  role: Role;
  password: string;
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;

/** The longest username ever looked up, stored or shown back (real ones have at most 32 characters). */
export const USERNAME_CAP = 64;

/** Normalises a username as typed: cleaned, trimmed, lower case, and capped before any use. */
export function normaliseUsername(value: unknown): string {
  return typeof value === 'string' ? capChars(cleanLine(value.slice(0, USERNAME_CAP * 4)), USERNAME_CAP).toLowerCase() : '';
}

export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'editor' || value === 'viewer' || value === 'city-viewer';
}

/** Validates a new account. `exists` tells whether a username is taken. */
export function validateNewUser(raw: Record<string, unknown>, exists: (username: string) => boolean): Result<NewUserFields> {
  const errors: FieldErrors = {};
  const username = normaliseUsername(raw.username);
  if (!username) errors.username = 'Vui lòng nhập tên đăng nhập.';
  else if (!USERNAME_RE.test(username)) errors.username = 'Tên đăng nhập dài 2–32 ký tự, chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.';
  else if (exists(username)) errors.username = MSG.usernameTaken;
  const fullName = typeof raw.fullName === 'string' ? cleanLine(raw.fullName) : '';
  if (!fullName) errors.fullName = 'Vui lòng nhập họ và tên.';
  else if ([...fullName].length > 100) errors.fullName = 'Họ và tên không được dài quá 100 ký tự.';
  const role = raw.role;
  if (!isRole(role)) errors.role = 'Vui lòng chọn vai trò: quản trị, biên tập hoặc chỉ xem.';
  const problem = passwordProblem(raw.password, username);
  if (problem) errors.password = problem;
  // Both at once: a short password typed differently twice is two things to fix, said in one answer.
  if (raw.passwordConfirm !== undefined && raw.passwordConfirm !== raw.password) errors.passwordConfirm = 'Hai lần nhập mật khẩu không khớp.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { username, fullName, role: role as Role, password: raw.password as string } };
}
