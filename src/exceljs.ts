import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

/**
 * ExcelJS, loaded on first use: it takes about 0.4 s to load, which every start of the server would
 * otherwise pay for a spreadsheet nobody may ask for. Its UTF-8 fix goes in first (see exceljs-utf8.ts).
 */
export function loadExcelJS(): Promise<ExcelJS> {
  loading ??= import('./exceljs-utf8.js').then(() => import('exceljs')).then((m) => m.default);
  return loading;
}
