import { startSite, sampleMessages } from './sites/index.js';
import { loadSourceFile, crawlSource, MemoryCrawlStateStore } from './crawlers/index.js';
const shapes = process.argv.slice(2);
for (const shape of shapes) {
  const site = await startSite({ shape: shape as never, messages: sampleMessages(40, 1) });
  const [src] = await loadSourceFile(`crawlers/sources/examples/${shape}.yaml`, { vars: { base: site.url } });
  const t = Date.now();
  const r = await crawlSource(src!, { state: new MemoryCrawlStateStore() });
  const exp = site.messages();
  const bad = r.messages.filter((m) => { const e = exp.find((x) => x.id === m.siteId); return !e || e.title !== m.title || e.content !== m.content || (e.replyText || undefined) !== m.replyText || e.status !== m.siteStatus; });
  console.log(shape, Date.now() - t, 'ms msgs', r.messages.length, '/', exp.length, 'req', r.requests, 'bad', bad.length, 'changes', r.changes.filter(c=>c.kind==='dropped').length, 'dropped', JSON.stringify(r.health.pageErrors.slice(0, 3)), r.health.layoutAlert ?? '');
  if (bad[0]) console.log(bad[0], exp.find((x) => x.id === bad[0]!.siteId));
  console.log(r.messages[0]);
  await site.close();
}
