import { randomBytes } from 'node:crypto';
import type { Role } from '../src/domain/auth.js';
import type { EntryFilter, Paging } from '../src/domain/filters.js';
import type { AuditAction, AuditRecord, AuditTargetType, Entry, EntryFields, EntryWithItem, Item, ItemFields, Page } from '../src/domain/model.js';
import type { Settings } from '../src/domain/settings.js';
import { type LocalDate, toLocalIso } from '../src/domain/time.js';
import type { NewEntryDraft } from '../src/domain/validation.js';
import { auditAccount, recordEvent } from '../src/services/audit.js';
import { deleteEntry, editEntry, restoreEntry, storeDraft } from '../src/services/entries.js';
import { notFound } from '../src/services/errors.js';
import { deleteItem, editItem, restoreItem } from '../src/services/items.js';
import type { Scope } from '../src/services/scope.js';
import { replaceSettings } from '../src/services/settings.js';
import { insertUser } from '../src/services/users.js';
import type { AuditFilter, CommuneStorage, Storage } from '../src/storage/port.js';

const plain = (view: EntryWithItem): Entry => {
  const { item: _item, ...entry } = view;
  return entry;
};

function valueOrThrow<T>(result: { ok: true; value: T } | { ok: false; errors: Record<string, string> }): T {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

/**
 * The tests' handle on a storage: a scope (so services take it as it is) with short names for what the
 * tests set up and look at. Everything goes through the services and the storage port, as the app does.
 */
export class TestStore implements Scope {
  readonly commune: CommuneStorage;

  constructor(
    readonly storage: Storage & { readonly dataDir: string },
    readonly clock: () => Date,
    communeCode?: string,
  ) {
    this.commune = storage.commune(communeCode);
  }

  /** The same storage, working in another commune. */
  inCommune(code: string): TestStore {
    return new TestStore(this.storage, this.clock, code);
  }

  get dataDir(): string {
    return this.storage.dataDir;
  }

  readonly users = {
    get: async (username: string) => (await this.storage.users.get(username)) ?? undefined,
    count: () => this.storage.users.count(),
    list: () => this.storage.users.list(),
    tokensOf: (username: string) => this.storage.users.tokensOf(username),
    create: (fields: { username: string; fullName: string; role: Role; passwordHash: string; commune?: string }, actor: string) =>
      this.commune.transaction((tx) => insertUser(tx, this, fields, actor)),
    /** Stores a token as the app does: in the account's commune's transaction, recorded in the trail its events are kept in. */
    addToken: async (username: string, name: string, hash: string, actor: string) => {
      const account: { commune?: string } = (await this.storage.users.get(username)) ?? {};
      const own = account.commune ? this.inCommune(account.commune) : this;
      return own.commune.transaction(async (tx) => {
        const token = { id: randomBytes(6).toString('hex'), name, username, hash, createdAt: toLocalIso(this.clock()), revokedAt: null };
        await tx.createToken(token);
        await auditAccount(tx, own, account, actor, 'token.create', { type: 'token', id: token.id }, { after: { name, username } });
        return token;
      });
    },
  };

  /** Records an entry (with its new item, when the draft has one). */
  async addEntry(draft: NewEntryDraft, user: string): Promise<{ entry: Entry; item: Item; createdItem: boolean }> {
    const stored = await this.commune.transaction((tx) => storeDraft(tx, this, draft, user));
    if (!stored) throw notFound(`item ${'existingId' in draft.item ? draft.item.existingId : ''}`);
    return stored;
  }

  async updateEntry(id: number, fields: EntryFields, user: string, itemId?: number): Promise<Entry> {
    return plain(valueOrThrow(await editEntry(this, id, { ...fields, ...(itemId === undefined ? {} : { itemId }) }, user)));
  }

  deleteEntry = (id: number, user: string) => deleteEntry(this, id, user);
  restoreEntry = (id: number, user: string) => restoreEntry(this, id, user);
  deleteItem = (id: number, user: string) => deleteItem(this, id, user);
  restoreItem = (id: number, user: string) => restoreItem(this, id, user);

  async updateItem(id: number, fields: ItemFields, user: string): Promise<Item> {
    return valueOrThrow(await editItem(this, id, { ...fields }, user));
  }

  async entry(id: number): Promise<Entry | undefined> {
    const view = await this.commune.entry(id);
    return view ? plain(view) : undefined;
  }

  async item(id: number): Promise<Item | undefined> {
    return (await this.commune.item(id)) ?? undefined;
  }

  async isLiveItem(id: number): Promise<boolean> {
    const item = await this.commune.item(id);
    return !!item && !item.deletedAt;
  }

  async listEntries(filter: EntryFilter, paging: Paging): Promise<Page<Entry>> {
    const page = await this.commune.listEntries(filter, paging);
    return { total: page.total, rows: page.rows.map(plain) };
  }

  /** Live entries of [from, to], oldest first. */
  async entriesBetween(from: LocalDate, to: LocalDate): Promise<Entry[]> {
    const out: Entry[] = [];
    for await (const batch of this.commune.streamEntries({ from, to })) for (const view of batch) out.push(plain(view));
    return out.reverse();
  }

  entriesOfItem = (itemId: number) => this.commune.entriesOfItem(itemId);
  listItems = (q: string, paging: Paging) => this.commune.listItems(q, paging);

  async lastChannelUsedBy(user: string): Promise<string | undefined> {
    return (await this.commune.lastChannelUsedBy(user)) ?? undefined;
  }

  queryAudit = (filter: AuditFilter, paging: Paging): Promise<Page<AuditRecord>> => this.commune.queryAudit(filter, paging);
  auditOf = (type: AuditTargetType, id: number | string) => this.commune.auditOf(type, id);
  recordEvent = (user: string, action: AuditAction, target: AuditRecord['target'], details?: { before?: Record<string, unknown>; after?: Record<string, unknown> }) =>
    recordEvent(this, user, action, target, details);
  settings = () => this.commune.settings();
  updateSettings = (next: Settings, user: string) => replaceSettings(this, next, user);
  listSummaries = () => this.commune.listSummaries();
  summary = async (id: number) => (await this.commune.summary(id)) ?? undefined;
  lastSummarizedWeek = () => this.commune.lastSummarizedWeek();
  filesOf = (type: 'entry' | 'item', id: number) => this.commune.filesOf({ type, id });
  file = async (id: number) => (await this.commune.file(id)) ?? undefined;

  /** How many records are kept, deleted ones included. */
  stats = () => this.commune.counts();

  close = () => this.storage.close();
}
