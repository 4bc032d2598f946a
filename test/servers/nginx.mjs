// Runs Debian's nginx as a reverse proxy on a loopback port, with a config and prefix of
// its own in a temporary folder, so tests meet nginx's genuine 502/504 pages and `Server` header.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.mjs';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/** Path of the nginx binary, or null when this machine has none. */
export function findNginx() {
  for (const bin of CANDIDATES) {
    if (spawnSync(bin, ['-v'], { stdio: 'ignore' }).status === 0) return bin;
  }
  return null;
}

/**
 * Starts nginx proxying every request to `upstreamPort`.
 * `proxyReadTimeout` is nginx's own upstream timeout (seconds); a hanging origin gets its 504 after it.
 * Returns { port, accessLog(), stop() }.
 */
export async function startNginx({ upstreamPort, proxyReadTimeout = 30 }) {
  const bin = findNginx();
  if (!bin) throw new Error('nginx is not installed (apt-get install nginx)');
  const dir = await mkdtemp(join(tmpdir(), 'bg-nginx-'));
  for (const sub of ['client', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(join(dir, sub));
  const port = await freePort();
  const conf = `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  # Millisecond timestamps, so tests can tell how close together requests came.
  log_format timed '$msec "$request" $status $upstream_status';
  access_log ${dir}/access.log timed;
  client_body_temp_path ${dir}/client;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 2s;
      proxy_read_timeout ${proxyReadTimeout}s;
      proxy_buffering off;
      # Like many production setups: never retry a failed request on another attempt.
      proxy_next_upstream off;
    }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn(bin, ['-c', join(dir, 'nginx.conf'), '-p', dir + '/'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    waitForPort(port, { what: 'nginx' }),
    exited.then((code) => { throw new Error(`nginx exited (${code}): ${stderr}`); }),
  ]);
  return {
    port,
    /** Lines of nginx's access log so far. */
    accessLog: async () => (await readFile(join(dir, 'access.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean),
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
