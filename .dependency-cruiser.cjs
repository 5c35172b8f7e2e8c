/**
 * Who may import whom (docs/architecture in README; ../shared/docs/house-style.md):
 * crawlers, classifier, dedup, sites and core import no other project folder but core;
 * workflow imports no crawler, queue or web code; only workflow knows Prisma; only pipeline
 * knows BullMQ; nothing imports the CLI; no cycles. Checked by `npm run boundaries` in `npm test`.
 */
const projectFolders = '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli|tests|bench)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make the layering meaningless.', from: {}, to: { circular: true } },
    { name: 'core-imports-nothing', severity: 'error', from: { path: '^core/' }, to: { path: projectFolders, pathNot: '^core/' } },
    {
      name: 'pure-folders-import-only-core',
      severity: 'error',
      comment: 'crawlers, classifier, dedup and sites are pure: they import only core.',
      from: { path: '^(crawlers|classifier|dedup|sites)/' },
      to: { path: projectFolders, pathNot: ['^core/', '^$1/'] },
    },
    {
      name: 'classifier-loads-only-what-it-uses',
      severity: 'error',
      comment: "The classifier imports core's modules one by one, not core/index: the barrel brings config, the logger and more (about 100 ms of CPU per cold start, measured by bench/classifier-speed.ts).",
      from: { path: '^classifier/', pathNot: '(^classifier/scripts/|\\.test\\.ts$)' },
      to: { path: '^core/index\\.ts$' },
    },
    {
      name: 'workflow-knows-no-crawler-queue-or-web',
      severity: 'error',
      from: { path: '^workflow/' },
      to: { path: '^(crawlers|sites|pipeline|web|cli|tests|bench)/' },
    },
    {
      name: 'only-workflow-knows-prisma',
      severity: 'error',
      from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|web|cli)/' },
      to: { path: ['^prisma/', 'node_modules/(@prisma|prisma|pg|pglite-prisma-adapter|@electric-sql/pglite)/'] },
    },
    {
      name: 'only-pipeline-knows-bullmq',
      severity: 'error',
      from: { path: '^(core|crawlers|classifier|dedup|sites|workflow|web|cli)/' },
      to: { path: 'node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'slow-libraries-load-on-use',
      severity: 'error',
      comment:
        'Crawlee, Playwright and exceljs take seconds of CPU to load: only the crawl engine parts that crawl-source.ts imports on use, and exceljs through its lazy loaders, may load them, so a command that does not crawl or write a workbook never pays for them (bench/cli-startup.ts).',
      from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli)/', pathNot: ['\\.test\\.ts$', '^crawlers/engine/(browser-list|polite-crawler|page-router|decoding-crawler|crawl-job)\\.ts$'] },
      to: { path: 'node_modules/(crawlee|@crawlee|playwright|playwright-core|exceljs)/', dependencyTypesNot: ['type-only'], dynamic: false },
    },
    {
      name: 'crawl-engine-parts-load-on-use',
      severity: 'error',
      comment: 'The parts of the crawl engine that stand on Crawlee are imported by crawl-source.ts when a crawl starts (loadCrawlEngine), never statically from outside them.',
      from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli)/', pathNot: ['\\.test\\.ts$', '^crawlers/engine/(browser-list|polite-crawler|page-router|decoding-crawler|crawl-job)\\.ts$'] },
      to: { path: '^crawlers/engine/(browser-list|polite-crawler|page-router|decoding-crawler|crawl-job)\\.ts$', dependencyTypesNot: ['type-only'], dynamic: false },
    },
    {
      name: 'production-libraries-load-on-use',
      severity: 'error',
      comment:
        "BullMQ, ioredis, bull-board and the PostgreSQL driver serve only Redis and PostgreSQL (42-48 MiB loaded, bench/main-job-memory.ts): only the parts that stand on them import them, and those parts are imported on use where the configuration asks for Redis or PostgreSQL (production-parts-load-on-use), so the embedded default and the commands that need neither never load them (tests/cli-startup-modules.test.ts).",
      from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli)/', pathNot: ['\\.test\\.ts$', '^(pipeline/queue/bullmq-queue|pipeline/redis-connection|pipeline/worker|web/api/bull-board|workflow/store/open-postgres)\\.ts$'] },
      to: { path: 'node_modules/(bullmq|ioredis|@bull-board/[^/]+|pg|pg-pool|@prisma/adapter-pg)/', dependencyTypesNot: ['type-only'], dynamic: false },
    },
    {
      name: 'production-parts-load-on-use',
      severity: 'error',
      comment: 'The parts that stand on BullMQ, ioredis, bull-board or pg (and pipeline/redis.ts, their barrel) are imported with import() where the configuration gives a Redis or database URL, never statically from outside them.',
      from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli)/', pathNot: ['\\.test\\.ts$', '^(pipeline/redis|pipeline/queue/bullmq-queue|pipeline/redis-connection|pipeline/worker|web/api/bull-board|workflow/store/open-postgres)\\.ts$'] },
      to: { path: '^(pipeline/redis|pipeline/queue/bullmq-queue|pipeline/redis-connection|pipeline/worker|web/api/bull-board|workflow/store/open-postgres)\\.ts$', dependencyTypesNot: ['type-only'], dynamic: false },
    },
    { name: 'pipeline-knows-no-web-or-cli', severity: 'error', from: { path: '^pipeline/' }, to: { path: '^(web|cli|tests|bench)/' } },
    { name: 'web-knows-no-cli', severity: 'error', from: { path: '^web/' }, to: { path: '^(cli|tests|bench)/' } },
    { name: 'product-code-imports-no-tests', severity: 'error', from: { path: '^(core|crawlers|classifier|dedup|sites|pipeline|workflow|web|cli)/', pathNot: '\\.test\\.ts$' }, to: { path: '(^tests/|^bench/|\\.test\\.ts$)' } },
  ],
  options: {
    // Libraries and the generated Prisma client are not followed, but not excluded either: the rules
    // on them (Prisma, BullMQ, Crawlee…) need the dependencies on them (excluded, they were dropped,
    // and those rules could not fail).
    doNotFollow: { path: '(node_modules|^prisma/generated/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
