import type { Request, Response } from 'express';
import { allowsUser } from '../../domain/auth.js';
import { AUDIT_ACTIONS } from '../../domain/model.js';
import { parseAuditQuery, queryAudit, trailAsked } from '../../services/audit.js';
import { describeAuditRecords } from '../../services/audit-lines.js';
import { visibleUsers } from '../../services/users.js';
import { scope, type WebContext } from '../context.js';

const first = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** GET /audit: Nhật ký thay đổi of the commune; `?trail=deployment`: the deployment's own (its admins only). */
export function showAudit(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    const trail = trailAsked(query, req.user!);
    const parsed = parseAuditQuery(query);
    const visible = await visibleUsers(scope(ctx, req), req.user!);
    const view = {
      title: trail === 'deployment' ? 'Nhật ký của hệ thống' : 'Nhật ký thay đổi',
      query,
      trail,
      canReadDeployment: allowsUser(req.user!, 'deployment'),
      users: trail === 'deployment' ? visible.filter((u) => !u.commune) : visible,
      actions: AUDIT_ACTIONS,
    };
    if (!parsed.ok) {
      res.status(422).render('audit/index', { ...view, errors: parsed.errors, page: null });
      return;
    }
    const { filter, paging } = parsed.value;
    const s = scope(ctx, req);
    const page = await queryAudit(s, filter, paging, trail);
    const lines = await describeAuditRecords(s, page.rows);
    const pages = Math.max(1, Math.ceil(page.total / paging.pageSize));
    const link = (n: number) => {
      const params = new URLSearchParams();
      for (const k of ['trail', 'from', 'to', 'user', 'action', 'entryId', 'itemId']) if (first(query[k])) params.set(k, first(query[k]));
      params.set('page', String(n));
      return `/audit?${params}`;
    };
    res.render('audit/index', { ...view, errors: {}, page, lines, pageNo: paging.page, pages, link });
  };
}

/** GET /api/v1/audit?from=&to=&user=&action=&entryId=, and `trail=deployment` for the deployment's own (its admins only). */
export function apiAudit(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const trail = trailAsked(req.query as Record<string, unknown>, req.user!);
    const parsed = parseAuditQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      res.status(422).json({ errors: parsed.errors });
      return;
    }
    const page = await queryAudit(scope(ctx, req), parsed.value.filter, parsed.value.paging, trail);
    res.json({
      total: page.total,
      records: page.rows.map((r) => ({ id: r.id, at: r.at, user: r.user, action: r.action, target: r.target, ...(r.before ? { before: r.before } : {}), ...(r.after ? { after: r.after } : {}) })),
    });
  };
}
