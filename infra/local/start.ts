/**
 * `npm start`: the local stack. `--in-memory` keeps nothing between runs.
 * Stops cleanly, with every child process, on Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startLocalStack } from './runtime.ts';
import { localSettings } from './settings.ts';

const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean', default: false } } });
const settings = localSettings();
const inMemory = values['in-memory'] ?? false;

const log = (message: string, detail?: Record<string, unknown>) => console.error(`[local] ${message}${detail ? ` ${JSON.stringify(detail)}` : ''}`);

try {
  const stack = await startLocalStack({ ...settings, dataDir: inMemory ? null : settings.dataDir, log });
  console.log(`recovery-progress local stack is up
  API            ${stack.apiUrl}   (try ${stack.apiUrl}/priorities)
  DynamoDB Local ${stack.dynamoDbEndpoint}   table ${settings.TABLE_NAME}
  Sent email     ${stack.sesEndpoint}   (the local SES endpoint's inbox)
  Data           ${inMemory ? 'in memory (nothing is kept)' : settings.dataDir}
  Stream         ${[...stack.pollers.keys()].join(', ')} polling every ${[...stack.pollers.values()][0]?.pollIntervalMs ?? 250} ms
Issue a token:   npm run -s issue-token -- --priority jobs-and-training
Send digests:    npm run digest
Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  console.error(`Could not start the local stack: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG) console.error(error);
  process.exit(1);
}
