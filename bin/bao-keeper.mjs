#!/usr/bin/env node
// The ticket keeper as a command (`bao-keeper --config FILE [--once] [--interval SECONDS]`). Bao is
// TypeScript; tsx's loader compiles it on the fly, so this runs from a checkout after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/keeper/cli.ts');
process.exitCode = await main(process.argv.slice(2));
