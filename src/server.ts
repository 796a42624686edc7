import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './store/lock.js';
import { Store } from './store/store.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const store = await Store.open({ dataDir: config.dataDir });
  const app = createApp({ store, development: config.development });
  const server = app.listen(config.port, config.host, () => {
    const s = store.stats();
    console.log(
      `CCHC log listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} ` +
        `(data: ${config.dataDir}; ${s.entries} entries, ${s.items} items in ${s.segments} files; ready in ${Date.now() - started} ms)`,
    );
  });
  server.on('error', (err) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });
  const stop = (): void => {
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
