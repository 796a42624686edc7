import type { Request, Response } from 'express';
import type { AppContext } from '../../app.js';
import { AUDIT_ACTIONS, type FieldErrors, type Result } from '../../domain/model.js';
import { parseLocalDate } from '../../domain/time.js';
import type { AuditFilter } from '../../store/store.js';

const first = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Reads the audit filter from query parameters. */
function parseAuditQuery(query: Record<string, unknown>): Result<{ filter: AuditFilter; page: number; pageSize: number }> {
  const errors: FieldErrors = {};
  const filter: AuditFilter = {};
  for (const key of ['from', 'to'] as const) {
    const text = first(query[key]);
    if (!text) continue;
    const parsed = parseLocalDate(text);
    if (parsed.ok) filter[key] = parsed.date;
    else errors[key] = 'Ngày phải có dạng dd/mm/yyyy và có thật.';
  }
  if (filter.from && filter.to && filter.to < filter.from) errors.to = 'Ngày kết thúc phải sau ngày bắt đầu.';
  const user = first(query.user).toLowerCase();
  if (user) filter.user = user;
  const action = first(query.action);
  if (action) {
    const known = Object.keys(AUDIT_ACTIONS);
    if (known.includes(action) || known.some((a) => a.startsWith(`${action}.`))) filter.action = action;
    else errors.action = 'Loại thao tác không có trong danh mục.';
  }
  for (const [key, type] of [['entryId', 'entry'], ['itemId', 'item']] as const) {
    const text = first(query[key]);
    if (!text) continue;
    if (/^\d+$/.test(text)) filter.target = { type, id: Number(text) };
    else errors[key] = 'Mã bản ghi phải là số.';
  }
  const pageText = first(query.page);
  const page = /^\d{1,7}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  const sizeText = first(query.pageSize);
  const pageSize = /^\d+$/.test(sizeText) && Number(sizeText) >= 1 && Number(sizeText) <= 1000 ? Number(sizeText) : 100;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { filter, page, pageSize } };
}

/** GET /audit: Nhật ký thay đổi. */
export function showAudit(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseAuditQuery(query);
    const users = ctx.store.users.list();
    if (!parsed.ok) {
      res.status(422).render('audit/index', { title: 'Nhật ký thay đổi', query, errors: parsed.errors, page: null, users, actions: AUDIT_ACTIONS });
      return;
    }
    const { filter, page: pageNo, pageSize } = parsed.value;
    const page = ctx.store.queryAudit(filter, { page: pageNo, pageSize });
    const pages = Math.max(1, Math.ceil(page.total / pageSize));
    const link = (n: number) => {
      const params = new URLSearchParams();
      for (const k of ['from', 'to', 'user', 'action', 'entryId', 'itemId']) if (first(query[k])) params.set(k, first(query[k]));
      params.set('page', String(n));
      return `/audit?${params}`;
    };
    res.render('audit/index', { title: 'Nhật ký thay đổi', query, errors: {}, page, pageNo, pages, link, users, actions: AUDIT_ACTIONS });
  };
}

/** GET /api/v1/audit?from=&to=&user=&action=&entryId= */
export function apiAudit(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const parsed = parseAuditQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const page = ctx.store.queryAudit(parsed.value.filter, { page: parsed.value.page, pageSize: parsed.value.pageSize });
    res.json({
      total: page.total,
      records: page.rows.map((r) => ({ id: r.id, at: r.at, user: r.user, action: r.action, target: r.target, ...(r.before ? { before: r.before } : {}), ...(r.after ? { after: r.after } : {}) })),
    });
  };
}
