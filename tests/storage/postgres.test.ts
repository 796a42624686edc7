import { openStore } from '../helpers.js';
import { ensureUser } from '../helpers.js';
import { type EngineHarness, storageContract } from './contract.js';
import { recordContract } from './contract-record.js';
import { watchContract } from './contract-watch.js';

const harness: EngineHarness = {
  open: async () => {
    const store = await openStore({ engine: 'postgres' });
    await ensureUser(store, 'an', 'editor');
    return store;
  },
  reopen: async (store) => {
    await store.close();
    return openStore({ engine: 'postgres', dataDir: store.dataDir });
  },
};

storageContract('postgres', harness);
recordContract('postgres', harness);
watchContract('postgres', harness);
