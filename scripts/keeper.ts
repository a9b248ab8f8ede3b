// `npm run keeper -- --config FILE [--once] [--interval SECONDS]` (bin/bao-keeper.mjs runs the same).
import { main } from './keeper/cli';

process.exitCode = await main(process.argv.slice(2));
