import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's Chromium headless on a closed network: no background calls out, no sandbox as root. */
export const HEADLESS_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
];

/** Driven over the DevTools protocol (Node 20: `--experimental-websocket`). */
const FLAGS = [...HEADLESS_CHROMIUM_FLAGS, '--remote-debugging-port=0'];

interface Page {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface Browser {
  /** Opens `url` at this size, waits until the page shows `waitForText`, and saves a PNG of it. */
  shoot(url: string, file: string, o: { width: number; height: number; waitForText: string }): Promise<void>;
  close(): Promise<void>;
}

export async function launchChromium(executable = process.env.CHROMIUM ?? 'chromium'): Promise<Browser> {
  // A fresh profile every run: nothing cached or remembered from another session shows in the shots.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ifms-chromium-'));
  const proc = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group: closing stops its helper processes too
  });
  const browserUrl = await devToolsUrl(proc);
  const { port } = new URL(browserUrl);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    type: string;
    webSocketDebuggerUrl: string;
  }>;
  const page = await connect(targets.find((t) => t.type === 'page')!.webSocketDebuggerUrl);
  await page.send('Page.enable');
  return {
    async shoot(url, file, o) {
      await page.send('Emulation.setDeviceMetricsOverride', {
        width: o.width,
        height: o.height,
        deviceScaleFactor: 1,
        mobile: false,
      });
      await page.send('Page.navigate', { url });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const { result } = (await page.send('Runtime.evaluate', {
          expression: `document.body ? document.body.innerText.includes(${JSON.stringify(o.waitForText)}) : false`,
          returnByValue: true,
        })) as { result: { value: boolean } };
        if (result.value) break;
        if (Date.now() > deadline) throw new Error(`${url} never showed "${o.waitForText}"`);
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 3_000)); // let the last rows, fonts and Markdown frames settle
      const { data } = (await page.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
      writeFileSync(file, Buffer.from(data, 'base64'));
    },
    async close() {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      process.kill(-proc.pid!, 'SIGTERM');
      await exited;
      await new Promise((r) => setTimeout(r, 1_000)); // helpers flush the profile after the browser exits
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

function devToolsUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('chromium did not open its DevTools port')), 30_000);
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`chromium exited (${code}) before opening DevTools`)));
  });
}

interface Socket {
  send(data: string): void;
  addEventListener(type: 'open' | 'message' | 'error', fn: (event: { data?: unknown }) => void): void;
}

async function connect(url: string): Promise<Page> {
  const WebSocketImpl = (globalThis as unknown as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (!WebSocketImpl) throw new Error('run with node --experimental-websocket (Node 20) or Node ≥ 22');
  const socket = new WebSocketImpl(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error(`cannot reach ${url}`)));
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
    };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result ?? {});
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      }),
  };
}
