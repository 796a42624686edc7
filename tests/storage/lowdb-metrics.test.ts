import { ensureUser, openStore } from '../helpers.js';
import { metricsContract } from './contract-metrics.js';

metricsContract('lowdb', {
  open: async () => {
    const store = await openStore();
    await ensureUser(store, 'an', 'editor');
    return store;
  },
  reopen: async (store) => {
    await store.close();
    return openStore({ dataDir: store.dataDir });
  },
});
