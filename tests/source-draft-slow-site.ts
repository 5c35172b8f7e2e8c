/**
 * A deliberately slow site on 127.0.0.1 for 起草新来源's 取消 (tests/web-source-drafts.test.ts,
 * tests/console-source-draft.test.ts): its list page never answers, and its script page holds no
 * list in its HTML and fetches one from an address that never answers (the draft opens it in
 * chromium, which waits for the network to go quiet). `waiting` counts requests held open; `cutOff`
 * those the client closed (a draft's fetch stopped).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface SlowSite {
  url: string;
  /** Requests received, by path. */
  requested: string[];
  /** Requests held open now. */
  waiting: () => number;
  /** Held requests the client gave up (closed its connection). */
  cutOff: () => number;
  close: () => Promise<void>;
}

const scriptPage = `<!doctype html><html><head><meta charset="utf-8"><title>区长信箱</title></head><body>
<h1>区长信箱</h1><ul id="letters"></ul>
<script>fetch('/api/letters?page=1').then((r) => r.json()).then((d) => { for (const l of d.list) { const li = document.createElement('li'); li.textContent = l.title; document.getElementById('letters').append(li); } });</script>
</body></html>`;

export async function serveSlowSite(): Promise<SlowSite> {
  const requested: string[] = [];
  const sockets = new Set<Socket>();
  let waiting = 0;
  let cutOff = 0;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    if (path === '/script-list.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(scriptPage);
      return;
    }
    // /slow-list.html, /api/letters: held until the client gives up or the site closes.
    waiting += 1;
    res.on('close', () => {
      waiting -= 1;
      if (!res.writableEnded) cutOff += 1;
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    waiting: () => waiting,
    cutOff: () => cutOff,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
