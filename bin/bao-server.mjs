#!/usr/bin/env node
// The Bao server as a command (`bao-server --config FILE [--once]`). Bao is TypeScript; tsx's loader
// compiles it on the fly, so this runs from a checkout after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv.slice(2));
