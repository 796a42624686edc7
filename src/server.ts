import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureFirstAdmin } from './first-admin.js';
import { startWeeklySummaries } from './jobs/weekly.js';
import { DataDirLockedError } from './store/lock.js';
import { sessionSecret } from './store/sessions.js';
import { Store } from './store/store.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const store = await Store.open({ dataDir: config.dataDir });
  if (await ensureFirstAdmin(store, config.firstAdmin)) console.log(`Created the first admin "${config.firstAdmin!.username}" from ADMIN_USERNAME.`);
  const secret = await sessionSecret(config.dataDir, config.sessionSecret);
  const app = createApp({ store, sessionSecret: secret, development: config.development, trustProxy: config.trustProxy, uploadLimitBytes: config.uploadLimitBytes });
  const server = app.listen(config.port, config.host, () => {
    const s = store.stats();
    console.log(
      `CCHC log listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} ` +
        `(data: ${config.dataDir}; ${s.entries} entries, ${s.items} items in ${s.segments} files; ready in ${Date.now() - started} ms)`,
    );
    if (store.users.count() === 0) console.log('No account yet: open the address above to create the first admin (Thiết lập).');
  });
  const weekly = startWeeklySummaries(store, { cron: config.weeklySummaryCron, mail: config.mail });
  server.on('error', (err) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = (): void => {
    weekly.task?.stop();
    server.close();
    server.closeAllConnections();
    void store.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
