import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SnapshotIndex } from '../../lib/snapshot/schema';
import type { BaoServer } from '../../server/server';
import { startSandboxServer } from './bao-server';
import { expect, test } from './fixtures';

// Debian's real nginx in front of a Bao server's published folder, configured from deploy/nginx/bao.conf:
// the server only publishes; nginx serves, revalidates index.json with a 304 and sends the precompressed
// gzip; the extension, pointed at nginx, shows the overlay and the popup's runs.

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The repo's server block, listening on `port` and serving `root`, inside a minimal nginx.conf whose files stay in `prefix`. */
async function nginxConf(prefix: string, root: string, port: number): Promise<string> {
  const block = (await readFile(path.resolve('deploy/nginx/bao.conf'), 'utf8'))
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace(/root \/var\/lib\/bao-server\/current;/, `root ${root};`);
  if (!block.includes(`listen 127.0.0.1:${port};`) || !block.includes(`root ${root};`))
    throw new Error('deploy/nginx/bao.conf changed its listen or root line');
  const temp = path.join(prefix, 'tmp');
  await mkdir(temp, { recursive: true });
  const asRoot = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${asRoot}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${block}
}
`;
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Plain HTTP, so the test sees the bytes and headers on the wire (fetch would decompress them). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

let prefix: string;
let nginx: ChildProcess | undefined;
let server: BaoServer | undefined;
let nginxUrl: string;

test.beforeEach(async ({ sandbox, tempDir }) => {
  expect(NGINX, 'nginx is not installed (Debian: apt-get install nginx; .ci/run does)').toBeDefined();
  prefix = await tempDir();
  const publishDir = path.join(prefix, 'published');
  // No HTTP of its own: nginx serves the published folder.
  server = await startSandboxServer(sandbox, publishDir, { port: undefined });
  expect(server.url).toBeUndefined();

  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(conf, await nginxConf(prefix, path.join(publishDir, 'current'), port));
  nginx = spawn(NGINX!, ['-c', conf, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  nginxUrl = `http://127.0.0.1:${port}`;
  await expect
    .poll(
      async () =>
        nginx?.exitCode === null
          ? (await get(`${nginxUrl}/index.json`).catch(() => undefined))?.status
          : `exited: ${stderr}`,
      {
        timeout: 10_000,
      },
    )
    .toBe(200);
});

test.afterEach(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGQUIT');
    await new Promise((resolve) => nginx?.once('exit', resolve));
  }
  await server?.stop();
});

test('nginx serves the published snapshot: a second index.json poll is a 304, gzip from the .gz beside it, run, case and trend files immutable', async () => {
  const first = await get(`${nginxUrl}/index.json`, { 'Accept-Encoding': 'gzip' });
  expect(first.status).toBe(200);
  expect(first.headers['content-encoding']).toBe('gzip');
  expect(first.headers['cache-control']).toBe('no-cache');
  expect(first.headers.etag).toBeTruthy();
  const index = SnapshotIndex.parse(JSON.parse(gunzipSync(first.body).toString('utf8')));

  const again = await get(`${nginxUrl}/index.json`, {
    'Accept-Encoding': 'gzip',
    'If-None-Match': String(first.headers.etag),
  });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);

  const run = await get(`${nginxUrl}/${index.runs[0].file}`, { 'Accept-Encoding': 'gzip' });
  expect(run.status).toBe(200);
  expect(run.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(run.headers['access-control-allow-origin']).toBe('*');
  expect(JSON.parse(gunzipSync(run.body).toString('utf8'))).toMatchObject({ runName: index.runs[0].runName });
  expect((await get(`${nginxUrl}/runs/nothing.0123456789abcdef.json`)).status).toBe(404);

  const cases = await get(`${nginxUrl}/${index.caseFiles[0].file}`, { 'Accept-Encoding': 'gzip' });
  expect(cases.status).toBe(200);
  expect(cases.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(cases.headers['access-control-allow-origin']).toBe('*');
  expect(JSON.parse(gunzipSync(cases.body).toString('utf8'))).toMatchObject({ bucket: 0 });

  const [trendEntry] = index.trends.files;
  const trends = await get(`${nginxUrl}/${trendEntry.file}`, { 'Accept-Encoding': 'gzip' });
  expect(trends.status).toBe(200);
  expect(trends.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(trends.headers['access-control-allow-origin']).toBe('*');
  expect(JSON.parse(gunzipSync(trends.body).toString('utf8'))).toMatchObject({ assayId: trendEntry.assayId });
});

test('the extension pointed at nginx shows the overlay on a Jira ticket and the popup’s runs', async ({
  sandbox,
  configure,
  loginJira,
  context,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  await configure({ baoServerUrl: nginxUrl });
  await loginJira();
  const ticket = sandbox.jira.seeded.open!;
  const page = await context.newPage();
  await page.goto(`${sandbox.urls.jira}/browse/${ticket.key}`);
  await expect(page.locator('[data-bao="run-table"] [data-run-library]').first()).toBeVisible({ timeout: 30_000 });

  const popup = await openExtensionPage('popup.html');
  await expect(popup.locator('[data-bao="runs-view"] tbody tr[data-run-name]').first()).toBeVisible({
    timeout: 30_000,
  });
});
