import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { LOCAL_DEFAULTS, parseLocalConfig } from '../../functions/wiring/config';
import { type LocalEngine, startLocalEngine } from '../../functions/wiring/local';
import { TEMPLATES_DIR } from './local-engine';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../artifacts/screenshots');

export interface ServedEngine {
  engine: LocalEngine;
  /** `http://localhost:<port>`: a secure context, so the Secure session cookie is kept. */
  url: string;
  /** Calls the API with the local API key (to set up what the browser then sees). */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** The real local engine (dynalite, local SES, outbox) on a simulated clock, served over HTTP on a free port. */
export async function serveLocalEngine(start = '2027-02-06T02:00:00Z'): Promise<ServedEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nurture-browser-'));
  const config = parseLocalConfig({
    NURTURE_CLOCK: 'simulated',
    NURTURE_CLOCK_START: start,
    NURTURE_DATA_DIR: dataDir,
    NURTURE_TEMPLATES_DIR: TEMPLATES_DIR,
    NURTURE_SES_PORT: '0',
  });
  const engine = await startLocalEngine(config, { tick: false, log: () => {} });
  // Requests the page left running when it closed finish before the store closes under them.
  const inFlight = new Set<Promise<unknown>>();
  const fetchTracked: typeof engine.app.fetch = (...args) => {
    const answer = Promise.resolve(engine.app.fetch(...args));
    inFlight.add(answer);
    void answer.finally(() => inFlight.delete(answer)).catch(() => undefined);
    return answer;
  };
  const server = serve({ fetch: fetchTracked, port: 0 });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    engine,
    url,
    api: (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.NURTURE_API_KEY}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    async stop() {
      await new Promise<void>((done) => {
        server.close(() => done());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await Promise.allSettled([...inFlight]);
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'nurture-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs the page in to the served console as its admin, with the shared console password. */
export async function signInAsAdmin(page: Page, served: Pick<ServedEngine, 'url'>): Promise<void> {
  await page.goto(`${served.url}/console`);
  await page.click('button:has-text("shared console password")');
  await page.fill('input[name=password]', LOCAL_DEFAULTS.consolePassword);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav >> text=Templates');
}
