import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeLinks, summarize } from '../../src/content/link-probe.js';

// A real HTTP server on 127.0.0.1 standing in for the sites lessons link to.
let server: Server;
let base = '';
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/ok') return res.writeHead(200).end('ok');
    if (req.url === '/gone') return res.writeHead(404).end();
    if (req.url === '/no-head') return res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
    if (req.url === '/moved') return res.writeHead(301, { location: '/ok' }).end();
    if (req.url === '/slow') return; // never answers
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('networked link checker (content:links)', () => {
  it('uses HEAD, falls back to GET, follows redirects, reports status and timeouts', async () => {
    const urls = ['/ok', '/gone', '/no-head', '/moved', '/slow'].map((p) => base + p);
    const results = await probeLinks(urls, { timeoutMs: 1500, concurrency: 2 });
    expect(results.map((r) => [r.ok, r.status, r.error, r.method])).toEqual([
      [true, 200, undefined, 'HEAD'],
      [false, 404, 'HTTP 404', 'HEAD'],
      [true, 200, undefined, 'GET'],
      [true, 200, undefined, 'HEAD'],
      [false, undefined, 'timeout', 'HEAD'],
    ]);
    expect(seen).toContain('GET /no-head');
    expect(summarize(results)).toEqual({ ok: 3, broken: 1, unreachable: 1, noNetwork: false });
  });

  it('says there is no network when nothing answers at all', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const results = await probeLinks([`http://127.0.0.1:${port}/a`, `http://127.0.0.1:${port}/b`], { timeoutMs: 1000 });
    expect(results.every((r) => r.unreachable && r.error === 'ECONNREFUSED')).toBe(true);
    expect(summarize(results).noNetwork).toBe(true);
  });
});
