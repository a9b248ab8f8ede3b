// `npm run server -- --config FILE [--once]` (bin/bao-server.mjs runs the same).
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
