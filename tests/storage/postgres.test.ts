import { openStore } from '../helpers.js';
import { ensureUser } from '../helpers.js';
import { storageContract } from './contract.js';

storageContract('postgres', {
  open: async () => {
    const store = await openStore({ engine: 'postgres' });
    await ensureUser(store, 'an', 'editor');
    return store;
  },
  reopen: async (store) => {
    await store.close();
    return openStore({ engine: 'postgres', dataDir: store.dataDir });
  },
});
