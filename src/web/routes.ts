import type { Express } from 'express';
import type { AppContext } from '../app.js';
import * as api from './handlers/api.js';
import * as entries from './handlers/entries.js';
import { showHome } from './handlers/home.js';
import * as items from './handlers/items.js';

/** The whole surface of the app, in one table. */
export function mountRoutes(app: Express, ctx: AppContext): void {
  app.get('/healthz', api.health());

  app.get('/', showHome(ctx));

  app.get('/entries', entries.listEntries(ctx));
  app.get('/entries/new', entries.showNewEntryForm(ctx));
  app.post('/entries', entries.createEntry(ctx));
  app.get('/entries/:id', entries.showEntry(ctx));
  app.get('/entries/:id/edit', entries.showEditEntryForm(ctx));
  app.post('/entries/:id/edit', entries.updateEntry(ctx));
  app.get('/entries/:id/delete', entries.showDeleteEntryForm(ctx));
  app.post('/entries/:id/delete', entries.deleteEntry(ctx));

  app.get('/items', items.listItems(ctx));
  app.get('/items/:id', items.showItem(ctx));
  app.get('/items/:id/edit', items.showEditItemForm(ctx));
  app.post('/items/:id/edit', items.updateItem(ctx));
  app.get('/items/:id/delete', items.showDeleteItemForm(ctx));
  app.post('/items/:id/delete', items.deleteItem(ctx));

  app.get('/api/v1/vocabulary', api.apiVocabulary(ctx));
  app.get('/api/v1/entries', api.apiListEntries(ctx));
  app.post('/api/v1/entries', api.apiCreateEntry(ctx));
  app.get('/api/v1/entries/:id', api.apiGetEntry(ctx));
  app.patch('/api/v1/entries/:id', api.apiPatchEntry(ctx));
  app.delete('/api/v1/entries/:id', api.apiDeleteEntry(ctx));
  app.get('/api/v1/items', api.apiListItems(ctx));
  app.get('/api/v1/items/:id', api.apiGetItem(ctx));
  app.patch('/api/v1/items/:id', api.apiPatchItem(ctx));
}
