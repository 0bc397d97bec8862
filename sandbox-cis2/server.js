// Entry point: `npm start` (or `node server.js`). Configuration: SANDBOX_* env vars, see README.md.

import { loadSettings } from './config.js';
import { startSandbox } from './app.js';

const sandbox = await startSandbox(loadSettings());
console.log(`sandbox-cis2 listening; issuer ${sandbox.issuer}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await sandbox.close();
    process.exit(0);
  });
}
