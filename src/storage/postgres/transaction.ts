import type { CommuneTx } from '../port.js';
import { TxAudit } from './audit.js';
import { TxBatches } from './batch.js';
import type { Queryable } from './db.js';
import { TxDeploymentAudit } from './deployment-audit.js';
import { TxEntries } from './entries.js';
import { TxFiles } from './files.js';
import { TxImports } from './imports.js';
import { TxItems } from './items.js';
import { TxMetrics } from './metrics.js';
import { TxYearPlan } from './year-plan.js';
import { TxSchedule } from './schedule.js';
import { TxSettings } from './settings.js';
import { TxSummaries } from './summaries.js';
import { TxUsers } from './users.js';
import { TxWatch } from './watch.js';

/**
 * One transaction of a commune on one client, which holds the commune's lock until it ends: one
 * part per noun, each in that noun's module, all on the same client and commune. This class only
 * says which part answers each call of the port.
 */
export class PgTx implements CommuneTx {
  private readonly parts: {
    entries: TxEntries;
    items: TxItems;
    files: TxFiles;
    audit: TxAudit;
    deploymentAudit: TxDeploymentAudit;
    settings: TxSettings;
    schedule: TxSchedule;
    plan: TxYearPlan;
    imports: TxImports;
    batches: TxBatches;
    summaries: TxSummaries;
    users: TxUsers;
    metrics: TxMetrics;
    watch: TxWatch;
  };

  constructor(db: Queryable, commune: number) {
    this.parts = {
      entries: new TxEntries(db, commune),
      items: new TxItems(db, commune),
      files: new TxFiles(db, commune),
      audit: new TxAudit(db, commune),
      deploymentAudit: new TxDeploymentAudit(db),
      settings: new TxSettings(db, commune),
      schedule: new TxSchedule(db, commune),
      plan: new TxYearPlan(db, commune),
      imports: new TxImports(db, commune),
      batches: new TxBatches(db, commune),
      summaries: new TxSummaries(db, commune),
      users: new TxUsers(db),
      metrics: new TxMetrics(db, commune),
      watch: new TxWatch(db, commune),
    };
  }

  // Entries and items.
  readonly entry: CommuneTx['entry'] = (id) => this.parts.entries.entry(id);
  readonly createEntry: CommuneTx['createEntry'] = (fields) => this.parts.entries.createEntry(fields);
  readonly replaceEntry: CommuneTx['replaceEntry'] = (entry) => this.parts.entries.replaceEntry(entry);
  readonly createEntries: CommuneTx['createEntries'] = (list) => this.parts.entries.createEntries(list);
  readonly lastAirings: CommuneTx['lastAirings'] = (itemIds) => this.parts.entries.lastAirings(itemIds);
  readonly entriesBetweenTimes: CommuneTx['entriesBetweenTimes'] = (from, to) => this.parts.entries.entriesBetweenTimes(from, to);
  readonly item: CommuneTx['item'] = (id) => this.parts.items.item(id);
  readonly createItem: CommuneTx['createItem'] = (fields) => this.parts.items.createItem(fields);
  readonly replaceItem: CommuneTx['replaceItem'] = (item) => this.parts.items.replaceItem(item);
  readonly createItems: CommuneTx['createItems'] = (list) => this.parts.items.createItems(list);
  readonly itemsTitled: CommuneTx['itemsTitled'] = (titles) => this.parts.items.itemsTitled(titles);

  // Attached files and the audit trail.
  readonly createFile: CommuneTx['createFile'] = (fields) => this.parts.files.createFile(fields);
  readonly appendAudit: CommuneTx['appendAudit'] = (draft) => this.parts.audit.appendAudit(draft);
  readonly appendDeploymentAudit: CommuneTx['appendDeploymentAudit'] = (draft) => this.parts.deploymentAudit.appendDeploymentAudit(draft);

  // Settings, schedule, plan.
  readonly settings: CommuneTx['settings'] = () => this.parts.settings.settings();
  readonly putSettings: CommuneTx['putSettings'] = (settings) => this.parts.settings.putSettings(settings);
  readonly slots: CommuneTx['slots'] = () => this.parts.schedule.slots();
  readonly createSlot: CommuneTx['createSlot'] = (fields) => this.parts.schedule.createSlot(fields);
  readonly replaceSlot: CommuneTx['replaceSlot'] = (slot) => this.parts.schedule.replaceSlot(slot);
  readonly planYears: CommuneTx['planYears'] = () => this.parts.plan.planYears();
  readonly planTasks: CommuneTx['planTasks'] = (year) => this.parts.plan.planTasks(year);
  readonly putPlanTasks: CommuneTx['putPlanTasks'] = (year, tasks) => this.parts.plan.putPlanTasks(year, tasks);
  readonly putTaskNote: CommuneTx['putTaskNote'] = (note) => this.parts.plan.putTaskNote(note);

  // Imports and the batches they publish.
  readonly importRecord: CommuneTx['importRecord'] = (id) => this.parts.imports.importRecord(id);
  readonly createImport: CommuneTx['createImport'] = (record) => this.parts.imports.createImport(record);
  readonly replaceImport: CommuneTx['replaceImport'] = (record) => this.parts.imports.replaceImport(record);
  readonly setLastImportMapping: CommuneTx['setLastImportMapping'] = (mapping) => this.parts.imports.setLastImportMapping(mapping);
  readonly deleteMany: CommuneTx['deleteMany'] = (ids, at, by) => this.parts.imports.deleteMany(ids, at, by);
  readonly changesSince: CommuneTx['changesSince'] = (mark) => this.parts.batches.changesSince(mark);
  readonly publishBatch: CommuneTx['publishBatch'] = (batch) => this.parts.batches.publishBatch(batch);

  // Weekly summaries.
  readonly summariesOfWeek: CommuneTx['summariesOfWeek'] = (weekStart) => this.parts.summaries.summariesOfWeek(weekStart);
  readonly lastSummarizedWeek: CommuneTx['lastSummarizedWeek'] = () => this.parts.summaries.lastSummarizedWeek();
  readonly createSummary: CommuneTx['createSummary'] = (fields) => this.parts.summaries.createSummary(fields);
  readonly setLastSummarizedWeek: CommuneTx['setLastSummarizedWeek'] = (week) => this.parts.summaries.setLastSummarizedWeek(week);
  readonly setSummaryDelivery: CommuneTx['setSummaryDelivery'] = (id, delivery) => this.parts.summaries.setSummaryDelivery(id, delivery);

  // Accounts and tokens.
  readonly user: CommuneTx['user'] = (username) => this.parts.users.user(username);
  readonly users: CommuneTx['users'] = () => this.parts.users.users();
  readonly userCount: CommuneTx['userCount'] = () => this.parts.users.userCount();
  readonly createUser: CommuneTx['createUser'] = (user) => this.parts.users.createUser(user);
  readonly replaceUser: CommuneTx['replaceUser'] = (user) => this.parts.users.replaceUser(user);
  readonly tokensOf: CommuneTx['tokensOf'] = (username) => this.parts.users.tokensOf(username);
  readonly createToken: CommuneTx['createToken'] = (token) => this.parts.users.createToken(token);
  readonly replaceToken: CommuneTx['replaceToken'] = (token) => this.parts.users.replaceToken(token);

  // The platforms' figures.
  readonly platformKeys: CommuneTx['platformKeys'] = () => this.parts.metrics.platformKeys();
  readonly putPlatformKeys: CommuneTx['putPlatformKeys'] = (keys) => this.parts.metrics.putPlatformKeys(keys);
  readonly metricStates: CommuneTx['metricStates'] = (entryIds) => this.parts.metrics.metricStates(entryIds);
  readonly putMetricStates: CommuneTx['putMetricStates'] = (states) => this.parts.metrics.putMetricStates(states);
  readonly metricReadings: CommuneTx['metricReadings'] = (entryId) => this.parts.metrics.metricReadings(entryId);
  readonly addMetricReadings: CommuneTx['addMetricReadings'] = (readings) => this.parts.metrics.addMetricReadings(readings);
  readonly metricsRun: CommuneTx['metricsRun'] = () => this.parts.metrics.metricsRun();
  readonly putMetricsRun: CommuneTx['putMetricsRun'] = (run) => this.parts.metrics.putMetricsRun(run);

  // The watch.
  readonly watchPlace: CommuneTx['watchPlace'] = (id) => this.parts.watch.watchPlace(id);
  readonly watchPlaces: CommuneTx['watchPlaces'] = () => this.parts.watch.watchPlaces();
  readonly createWatchPlace: CommuneTx['createWatchPlace'] = (place) => this.parts.watch.createWatchPlace(place);
  readonly replaceWatchPlace: CommuneTx['replaceWatchPlace'] = (place) => this.parts.watch.replaceWatchPlace(place);
  readonly watchPosts: CommuneTx['watchPosts'] = (ids) => this.parts.watch.watchPosts(ids);
  readonly postsMatching: CommuneTx['postsMatching'] = (urlKeys, titleKeys) => this.parts.watch.postsMatching(urlKeys, titleKeys);
  readonly createWatchPosts: CommuneTx['createWatchPosts'] = (posts) => this.parts.watch.createWatchPosts(posts);
  readonly replaceWatchPost: CommuneTx['replaceWatchPost'] = (post) => this.parts.watch.replaceWatchPost(post);
  readonly watchRound: CommuneTx['watchRound'] = () => this.parts.watch.watchRound();
  readonly setWatchRound: CommuneTx['setWatchRound'] = (round) => this.parts.watch.setWatchRound(round);
}
