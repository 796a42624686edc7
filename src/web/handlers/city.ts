import type { Request, Response } from 'express';
import { allowsUser } from '../../domain/auth.js';
import { validateNewCommune } from '../../domain/communes.js';
import { parsePeriodQuery, PRESETS } from '../../domain/periods.js';
import { COMMUNE_KINDS } from '../../domain/settings.js';
import { localToday } from '../../domain/time.js';
import { addCommune, cityReport, communeScores, idleCommunes } from '../../services/city.js';
import { cityXlsx } from '../../render/city-xlsx.js';
import { cityReportDocx } from '../../render/word.js';
import { DOCX_TYPE } from '../../render/exports.js';
import { citySentence } from '../../domain/city-report.js';
import { notFound } from '../../services/errors.js';
import { actorOf } from '../auth.js';
import type { WebContext } from '../context.js';
import { jsonBody, periodQuery } from '../request.js';
import { attachment, refuse, requestPeriod } from './exports.js';

/** GET /api/v1/communes: every commune for an account of the deployment, one's own for an account of a commune. */
export function apiCommunes(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const all = await ctx.communes.all();
    const own = req.user!.commune;
    res.json({ communes: own ? all.filter((c) => c.code === own) : all });
  };
}

/** POST /api/v1/communes `{ code, name, kind }` (admins of the deployment) → 201, 409 when the code is taken. */
export function apiCreateCommune(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const checked = validateNewCommune(jsonBody(req));
    if (!checked.ok) {
      res.status(422).json({ errors: checked.errors });
      return;
    }
    const made = await addCommune(ctx.storage, ctx.clock, checked.value, actorOf(req));
    if (made === 'exists') {
      res.status(409).json({ errors: { code: `Mã "${checked.value.code}" đã có xã, phường dùng.` } });
      return;
    }
    await ctx.communes.refresh();
    res.status(201).json(checked.value);
  };
}

/** GET /api/v1/city/report?from=&to= (or period, year): every commune's figures and the city's totals. */
export function apiCityReport(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    res.json(await cityReport(ctx.storage, parsed.period.from, parsed.period.to));
  };
}

/**
 * The city's view exists once there are two communes: a ward's own install (one commune) shows nothing
 * about communes, so its page, its form and its workbook are not there (404).
 */
async function requireCity(ctx: WebContext): Promise<void> {
  if ((await ctx.communes.all()).length < 2) throw notFound();
}

const SORTS = ['name', 'entries', 'plays', 'items', 'airtime', 'progress', 'par'] as const;
type Sort = (typeof SORTS)[number];

/** GET /city: the city's view of a period, sortable, with the communes that logged nothing in 7 days. */
export function showCity(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await requireCity(ctx);
    await renderCity(ctx, req, res, { values: {}, errors: {} });
  };
}

/** POST /city/communes: the deployment's admin adds a commune from the city's page. */
export function createCommuneForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await requireCity(ctx);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { code: body.code, name: body.name, kind: body.kind };
    const checked = validateNewCommune(body);
    if (!checked.ok) return renderCity(ctx, req, res, { values, errors: checked.errors }, 422);
    const made = await addCommune(ctx.storage, ctx.clock, checked.value, actorOf(req));
    if (made === 'exists') return renderCity(ctx, req, res, { values, errors: { code: `Mã "${checked.value.code}" đã có xã, phường dùng.` } }, 422);
    await ctx.communes.refresh();
    res.redirect(303, '/city?ok=commune-created#add-commune');
  };
}

/** The city's page, for the period asked, with the form to add a commune as given. */
async function renderCity(ctx: WebContext, req: Request, res: Response, form: { values: Record<string, unknown>; errors: Record<string, string> }, status = 200): Promise<void> {
  const query = { ...(req.query as Record<string, unknown>) };
  if (!query.period && !query.from && !query.to) query.period = 'year';
  const today = localToday(ctx.clock());
  const parsed = parsePeriodQuery(query, today);
  const sort: Sort = SORTS.includes(query.sort as Sort) ? (query.sort as Sort) : 'entries';
  const canAddCommune = allowsUser(req.user!, 'deployment');
  const common = { title: 'Tổng hợp thành phố', query, presets: PRESETS, thisYear: Number(today.slice(0, 4)), sort, linkQuery: periodQuery(query), canAddCommune, kinds: COMMUNE_KINDS };
  if (!parsed.ok) {
    res.status(422).render('city/index', { ...common, errors: parsed.errors, period: null, report: null, scores: new Map(), idle: [], form });
    return;
  }
  const period = parsed.value;
  const report = await cityReport(ctx.storage, period.from, period.to);
  const [scores, idle] = await Promise.all([communeScores(ctx.storage, ctx.clock, report.communes.map((c) => c.code), period), idleCommunes(ctx.storage, ctx.clock)]);
  const key = (c: (typeof report.communes)[number]): number | string => {
    if (sort === 'name') return c.name;
    if (sort === 'progress') return scores.get(c.code)?.progress ?? -1;
    if (sort === 'par') return scores.get(c.code)?.par ?? -1;
    return c.totals[sort === 'airtime' ? 'airtimeSeconds' : sort];
  };
  report.communes.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return typeof x === 'string' ? x.localeCompare(y as string, 'vi') : (y as number) - x;
  });
  const names = new Map(report.communes.map((c) => [c.code, c.name || c.code]));
  res.status(status).render('city/index', { ...common, errors: {}, period, report, scores, idle: idle.map((code) => names.get(code) ?? code), form });
}

/** The city's figures of a period and each commune's scores, as the spreadsheet and the Word report take them. */
async function cityFigures(ctx: WebContext, period: Parameters<typeof communeScores>[3]) {
  const report = await cityReport(ctx.storage, period.from, period.to);
  return { report, scores: await communeScores(ctx.storage, ctx.clock, report.communes.map((c) => c.code), period) };
}

/** GET /export/city.xlsx: the city's view as a workbook. */
export function exportCityXlsx(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await requireCity(ctx);
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const period = parsed.period;
    const { report, scores } = await cityFigures(ctx, period);
    const body = await cityXlsx(report, scores, period.heading);
    attachment(res, `tong-hop-thanh-pho_${period.from}_${period.to}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(body);
  };
}

/** GET /export/city-report.docx?<period>: the city's report as a Word document (the table of communes on landscape pages); "trên N" unless `mode=exact`. */
export function exportCityReportDocx(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await requireCity(ctx);
    const parsed = requestPeriod(ctx, req);
    if ('errors' in parsed) return refuse(req, res, parsed.errors);
    const period = parsed.period;
    const { report, scores } = await cityFigures(ctx, period);
    const mode = (req.query as Record<string, unknown>).mode === 'exact' ? 'exact' : 'over';
    const body = await cityReportDocx(period, report, scores, citySentence(report, mode));
    attachment(res, `bao-cao-tuyen-truyen-cchc-thanh-pho_${period.from}_${period.to}.docx`, DOCX_TYPE);
    res.send(body);
  };
}
