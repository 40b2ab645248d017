// Entry point of the child process started by `startDynalite` in ./dynalite.ts: the sandbox's own
// in-memory dynalite, whose port is the first line written to stdout.
import { startDynalite } from '../../sandbox/dynamodb/dynalite-server.js';

const server = await startDynalite();
process.stdout.write(`${server.port}\n`);
