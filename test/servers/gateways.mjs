// Real gateways from Debian in front of the test origin, each on a loopback port with a
// config of its own in a temporary folder: Apache httpd (mod_proxy), HAProxy, Varnish and
// Caddy (nginx has test/servers/nginx.mjs). Each gives up on a hanging origin after
// `timeout` seconds, so a test can meet the gateway's own "too slow" answer.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, rm, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.mjs';

const MODULES = '/usr/lib/apache2/modules';

const GATEWAYS = {
  apache: {
    bin: '/usr/sbin/apache2',
    config: ({ dir, port, up, timeout }) => [join(dir, 'httpd.conf'), `
ServerRoot ${dir}
DefaultRuntimeDir ${dir}
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule proxy_module ${MODULES}/mod_proxy.so
LoadModule proxy_http_module ${MODULES}/mod_proxy_http.so
ProxyPreserveHost On
# retry=0: no "worker in error state" pause after a failure, so recovery shows at once.
ProxyPass / http://127.0.0.1:${up}/ timeout=${timeout} connectiontimeout=1 retry=0
`],
    args: (file) => ['-f', file, '-DFOREGROUND'],
    env: (dir) => ({ APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: join(dir, 'httpd.pid') }),
  },
  haproxy: {
    bin: '/usr/sbin/haproxy',
    config: ({ dir, port, up, timeout }) => [join(dir, 'haproxy.cfg'), `
defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server ${timeout}s
frontend site
  bind 127.0.0.1:${port}
  default_backend origin
backend origin
  server origin 127.0.0.1:${up}
`],
    args: (file) => ['-f', file, '-db'],
  },
  varnish: {
    bin: '/usr/sbin/varnishd',
    config: ({ dir, up, timeout }) => [join(dir, 'site.vcl'), `vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "${up}"; .connect_timeout = 1s; .first_byte_timeout = ${timeout}s; }
sub vcl_recv { return (pass); }
`],
    args: (file, { dir, port }) => ['-F', '-a', `127.0.0.1:${port}`, '-f', file, '-n', join(dir, 'n'), '-s', 'malloc,32m', '-T', 'none'],
  },
  caddy: {
    bin: '/usr/bin/caddy',
    config: ({ dir, port, up, timeout }) => [join(dir, 'Caddyfile'), `{
  admin off
  auto_https off
}
http://127.0.0.1:${port} {
  reverse_proxy 127.0.0.1:${up} {
    transport http {
      dial_timeout 1s
      response_header_timeout ${timeout}s
    }
  }
}
`],
    args: (file) => ['run', '--config', file, '--adapter', 'caddyfile'],
    env: (dir) => ({ HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir }),
  },
};

/** The gateways installed here (all of them on CI, where .ci/run installs the packages). */
export const installedGateways = () => Object.keys(GATEWAYS).filter((name) => existsSync(GATEWAYS[name].bin));

/** Starts gateway `name` in front of `upstreamPort`; resolves to { name, port, stop() }. */
export async function startGateway(name, { upstreamPort, timeout = 2 }) {
  const g = GATEWAYS[name];
  const dir = await mkdtemp(join(tmpdir(), `bg-${name}-`));
  await chmod(dir, 0o755); // Varnish's worker process runs as its own user
  const port = await freePort();
  const [file, text] = g.config({ dir, port, up: upstreamPort, timeout });
  await writeFile(file, text);
  const child = spawn(g.bin, g.args(file, { dir, port }), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...g.env?.(dir) } });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    waitForPort(port, { what: name }),
    exited.then((code) => { throw new Error(`${name} exited (${code}): ${output}`); }),
  ]);
  return {
    name,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
