import type { Request, Response } from 'express';
import { AUDIT_ACTIONS } from '../../domain/model.js';
import { parseAuditQuery, queryAudit } from '../../services/audit.js';
import { visibleUsers } from '../../services/users.js';
import { scope, type WebContext } from '../context.js';

const first = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** GET /audit: Nhật ký thay đổi. */
export function showAudit(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseAuditQuery(query);
    const users = await visibleUsers(scope(ctx, req), req.user!);
    if (!parsed.ok) {
      res.status(422).render('audit/index', { title: 'Nhật ký thay đổi', query, errors: parsed.errors, page: null, users, actions: AUDIT_ACTIONS });
      return;
    }
    const { filter, paging } = parsed.value;
    const page = await queryAudit(scope(ctx, req), filter, paging);
    const pages = Math.max(1, Math.ceil(page.total / paging.pageSize));
    const link = (n: number) => {
      const params = new URLSearchParams();
      for (const k of ['from', 'to', 'user', 'action', 'entryId', 'itemId']) if (first(query[k])) params.set(k, first(query[k]));
      params.set('page', String(n));
      return `/audit?${params}`;
    };
    res.render('audit/index', { title: 'Nhật ký thay đổi', query, errors: {}, page, pageNo: paging.page, pages, link, users, actions: AUDIT_ACTIONS });
  };
}

/** GET /api/v1/audit?from=&to=&user=&action=&entryId= */
export function apiAudit(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = parseAuditQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const page = await queryAudit(scope(ctx, req), parsed.value.filter, parsed.value.paging);
    res.json({
      total: page.total,
      records: page.rows.map((r) => ({ id: r.id, at: r.at, user: r.user, action: r.action, target: r.target, ...(r.before ? { before: r.before } : {}), ...(r.after ? { after: r.after } : {}) })),
    });
  };
}
