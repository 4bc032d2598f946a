// Starts WebKitGTK's WebDriver under a virtual display for @web/test-runner's WebKit launcher.
// MiniBrowser needs an X display even when nothing is looked at, hence xvfb-run.
import { spawn } from 'node:child_process';
import { freePort, waitForPort } from './ports.mjs';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Starts `WebKitWebDriver` and returns { port, stop }. */
export async function startWebKitDriver() {
  const port = await freePort();
  const child = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true, // own process group, so stop() also ends Xvfb and MiniBrowser
  });
  await waitForPort(port, { timeoutMs: 15000, what: 'WebKitWebDriver' });
  const stop = () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  process.once('exit', stop);
  return { port, stop };
}
