import { startSite, sampleMessages } from './sites/index.js';
const site = await startSite({ shape: 'gbk-html', messages: sampleMessages(30, 2, { otherDistricts: 0.4 }), port: 3999 });
await new Promise((r) => setTimeout(r, 25000));
await site.close();
