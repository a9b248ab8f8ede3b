// Bundles a Node entry of the Bao server (and its dependencies) into one ES module with esbuild, so the deployed
// server runs plain JavaScript: under tsx's on-the-fly compiler the same server starts some 40 MB larger and peaks
// higher. `npm run build:server` writes .output/bao-server/bao-server.mjs, which bin/bao-server.mjs runs when present;
// the server bench bundles its measuring child the same way, so it measures what a lab deploys.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SERVER_BUNDLE = fileURLToPath(new URL('../.output/bao-server/bao-server.mjs', import.meta.url));

/** Bundles `entry` (a .ts file) into `outfile`. */
export async function bundleServer(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // A bundled CommonJS dependency may still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __baoRequire } from 'node:module'; const require = __baoRequire(import.meta.url);",
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entry = fileURLToPath(new URL('../server/main.ts', import.meta.url));
  await bundleServer(entry, SERVER_BUNDLE);
  console.log(`bundled the Bao server into ${path.relative(process.cwd(), SERVER_BUNDLE)}`);
}
