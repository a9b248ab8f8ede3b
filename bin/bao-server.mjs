#!/usr/bin/env node
// The Bao server as a command (`bao-server --config FILE [--once]`). It runs the bundle `npm run build:server`
// writes (plain JavaScript, the smaller process); from a checkout without it, tsx compiles the TypeScript on the fly.
import { existsSync } from 'node:fs';

const bundle = new URL('../.output/bao-server/bao-server.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../server/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
