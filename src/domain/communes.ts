import type { FieldErrors, Result } from './model.js';
import type { CommuneKind } from './sentence.js';
import { COMMUNE_KINDS } from './settings.js';
import { cleanLine } from './text.js';

/** A commune's code: short, lower-case letters and digits, words joined by hyphens (`an-hai`, `xa-001`). */
export const COMMUNE_CODE_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface NewCommune {
  code: string;
  name: string;
  kind: CommuneKind;
}

/** Checks a new commune as typed (API or form); messages in Vietnamese. */
export function validateNewCommune(raw: Record<string, unknown>): Result<NewCommune> {
  const errors: FieldErrors = {};
  const code = typeof raw.code === 'string' ? raw.code.trim() : '';
  if (!code) errors.code = 'Vui lòng nhập mã xã, phường.';
  else if (code.length > 64 || !COMMUNE_CODE_RE.test(code)) errors.code = 'Mã xã, phường chỉ gồm chữ thường không dấu, số và dấu gạch ngang giữa các từ (ví dụ an-hai), tối đa 64 ký tự.';
  const name = typeof raw.name === 'string' ? cleanLine(raw.name) : '';
  if (!name) errors.name = 'Vui lòng nhập tên xã, phường.';
  else if ([...name].length > 100) errors.name = 'Tên xã, phường không được dài quá 100 ký tự.';
  const kind = raw.kind;
  if (!COMMUNE_KINDS.includes(kind as CommuneKind)) errors.kind = 'Vui lòng chọn loại đơn vị: xã, phường hoặc đặc khu.';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { code, name, kind: kind as CommuneKind } };
}
