/**
 * The source file format: one validated definition per watched site (crawlers/README.md
 * documents every field). Definitions are data; the engine interprets them.
 */
import { z } from 'zod';
import { channels, manualSourcePrefix } from '../../core/index.js';
import { parseDuration } from './durations.js';

/** Names a crawler may fill; they map onto CrawledMessage (forwarding fields onto `forwarding`). */
export const messageFields = [
  'siteId',
  'detailUrl',
  'title',
  'content',
  'author',
  'postedAt',
  'siteType',
  'siteStatus',
  'replyUnit',
  'replyAt',
  'replyText',
  'district',
  'originLevel',
  'forwardNo',
  'upperDeadline',
] as const;
export type MessageField = (typeof messageFields)[number];

/** The `watch.removedText` pattern as the engine uses it, or undefined when it is not a valid regular expression. */
export function compileRemovedText(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

const duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, { message: '时长格式应为数字(毫秒)或如 30s、15m、6h、1d' })
  .transform((v) => parseDuration(v) as number);

/** A duration that can be switched off: `off` (or `false`, how YAML 1.1 tools write it) and `0` both become 0 = disabled. */
const durationOrOff = z
  .union([z.string(), z.number(), z.boolean()])
  .refine((v) => v === 'off' || v === false || (typeof v !== 'boolean' && parseDuration(v) !== undefined), {
    message: '应为时长（数字(毫秒)或如 12h、7d）或 off（关闭复查）',
  })
  .transform((v) => (v === 'off' || v === false ? 0 : (parseDuration(v as string | number) as number)));

/** Defaults of `watch` (also its value when the key is absent). */
const watchDefaults = { revisitOpenAfter: 6 * 3600_000, maxPagesPerRun: 500, recheckClosedAfter: 7 * 86_400_000, recheckClosedPerRun: 20, recheckClosedFor: 180 * 86_400_000 };

/** How one value is taken from a page: a CSS selector (HTML) or a path (JSON); string shorthand = selector/path. */
export const fieldSpecSchema = z.union([
  z.string().min(1),
  z
    .object({
      selector: z.string().min(1).optional(),
      attr: z.string().min(1).optional(),
      html: z.boolean().optional(),
      index: z.number().int().optional(),
      label: z.string().min(1).optional(),
      path: z.string().min(1).optional(),
      const: z.string().optional(),
      template: z.string().optional(),
      regex: z.string().optional(),
      map: z.record(z.string(), z.string()).optional(),
      /**
       * The value where the rule's place is there but shows nothing: its attribute absent or blank,
       * or `regex` matching nothing (a list row drawing its status by a class only answered rows
       * carry, `<li>` / `<li class="done">`). A place not found at all stays a missing field.
       */
      default: z.string().min(1).optional(),
      all: z.boolean().optional(),
      joinWith: z.string().optional(),
    })
    .strict()
    .refine((f) => [f.selector, f.label, f.path, f.const, f.template].some((x) => x !== undefined) || f.attr !== undefined || f.regex !== undefined, {
      message: '字段规则至少要有 selector、label、path、const、template、attr 或 regex 之一',
    }),
]);
export type FieldSpec = z.infer<typeof fieldSpecSchema>;

const fieldsSchema = z.partialRecord(z.enum(messageFields), fieldSpecSchema);
const formatSchema = z.enum(['html', 'json', 'js-literal']);

const listSchema = z
  .object({
    format: formatSchema.default('html'),
    /** Regex applied to the raw body first; capture group 1 is parsed (e.g. HTML fragment inside `[...]`). */
    bodyRegex: z.string().optional(),
    /** HTML: CSS selector of one item. JSON: path of the item array ('' = the root). */
    items: z.string(),
    fields: fieldsSchema,
    /**
     * `oldest-first`: the list shows its oldest letters first and new ones arrive on its last page
     * (engine/list-tails.ts). Absent: newest first, new letters on page 1.
     */
    order: z.enum(['newest-first', 'oldest-first']).optional(),
    /**
     * HTML tables printing each letter over several `<tr>` lines with no `rowspan` tying them
     * (extract/letter-lines.ts): this many lines, the one holding its link and the others; or
     * `until-next-link`, a linked line and every unlinked line after it up to the next linked one
     * (a reply line under answered letters only). Absent: one line a letter.
     */
    linesPerLetter: z
      .custom<number | 'until-next-link'>((v) => v === 'until-next-link' || (Number.isInteger(v) && (v as number) >= 2 && (v as number) <= 6), {
        message: 'linesPerLetter 应为 2 到 6 之间的整数（每封信固定占的行数），或 until-next-link（每封信的行数不定：有链接的一行连同其后到下一个链接行之前的各行）',
      })
      .optional(),
    /**
     * Which of a letter's `linesPerLetter` lines holds its link: `first` (default), `last` (the
     * date and status printed above the title's line), or its number from 1 (`2`: a line of 编号 and
     * date above it, a status line below). A number only with a fixed count of lines, up to it;
     * `last` with `until-next-link` too (each letter's lines end at its link, however many).
     */
    linkLine: z
      .custom<'first' | 'last' | number>((v) => v === 'first' || v === 'last' || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 6), {
        message: 'linkLine 应为 first（链接在每封信的第一行，默认）、last（链接在最后一行）或行号（从 1 数起，如 2：链接在第二行）',
      })
      .optional(),
  })
  .strict()
  .refine((l) => l.linesPerLetter === undefined || l.format === 'html', { message: 'linesPerLetter 只用于 HTML 列表（format: html）', path: ['linesPerLetter'] })
  .refine((l) => l.linkLine === undefined || typeof l.linesPerLetter === 'number' || (l.linesPerLetter === 'until-next-link' && (l.linkLine === 'first' || l.linkLine === 'last')), {
    message: 'linkLine 只能与 linesPerLetter 一起使用，行号只能与固定行数（2 到 6）一起使用：until-next-link 只认 first 或 last',
    path: ['linkLine'],
  })
  .refine((l) => typeof l.linkLine !== 'number' || typeof l.linesPerLetter !== 'number' || l.linkLine <= l.linesPerLetter, {
    message: 'linkLine 的行号不能大于 linesPerLetter（每封信的行数）',
    path: ['linkLine'],
  });

const detailSchema = z
  .object({
    format: formatSchema.default('html'),
    /** URL template; `{detailUrl}` (default) or e.g. `/detail.jspx?gdId={siteId}`; resolved against the list page. */
    url: z.string().default('{detailUrl}'),
    method: z.enum(['GET', 'POST']).default('GET'),
    /** POST body: object (sent as form or JSON per `bodyType`), values are templates. */
    body: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    bodyType: z.enum(['form', 'json']).default('form'),
    bodyRegex: z.string().optional(),
    fields: fieldsSchema.default({}),
    cells: z
      .object({
        selector: z.string().min(1),
        order: z.array(z.union([z.enum(messageFields), z.literal('skip'), z.null()])).min(1),
      })
      .strict()
      .optional(),
    /**
     * The reply, where the letter's page does not hold it but its script fetches it after loading
     * (`/reply?id=1201`, or a POST of `{xjid: 1201, token: …}`, a token in a header): one request more
     * per letter read, with the cookies the letter's page set, its fields added to the page's
     * (engine/reply-request.ts).
     */
    reply: z
      .object({
        /** URL template over the letter's fields (`/reply?id={siteId}`), resolved against the letter's page. */
        url: z.string().min(1),
        method: z.enum(['GET', 'POST']).default('GET'),
        /** POST body: values are templates over the letter's fields and `page`'s values; sent as form or JSON per `bodyType`. */
        body: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        bodyType: z.enum(['form', 'json']).default('form'),
        /**
         * Values read from the letter's own page each time it is read (a token that changes on every
         * load: `{ token: { selector: 'input#token', attr: value } }`, or a `regex` alone, applied to the
         * page's source, scripts included), named in `url` and `body` as `{token}`.
         */
        page: z.record(z.string().regex(/^\w+$/), fieldSpecSchema).optional(),
        /**
         * Request headers, values templates as `body`'s: a token the page's script sends in a header
         * (`{ X-CSRF-Token: '{token}' }`, the token a `page` value), or a constant (`X-Requested-With`).
         * Not `Cookie` (the cookies the letter's page set are sent by themselves), `Host` or the body's
         * `Content-Type`/`Content-Length`, which the request sets.
         */
        headers: z
          .record(z.string(), z.string())
          .refine((h) => Object.keys(h).every((name) => /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)), { message: '请求头名称不合法（只用字母、数字和 -）' })
          .refine((h) => !Object.keys(h).some((name) => /^(cookie|host|content-type|content-length)$/i.test(name)), { message: 'Cookie、Host、Content-Type、Content-Length 由采集自行设置，不在 headers 中填写' })
          .optional(),
        format: formatSchema.default('json'),
        bodyRegex: z.string().optional(),
        fields: fieldsSchema,
      })
      .strict()
      .refine((r) => r.method === 'POST' || r.body === undefined, { message: 'body 只用于 POST（method: POST）', path: ['body'] })
      .optional(),
  })
  .strict();

/** Stop paging when this selector finds nothing on the current list page (e.g. `a.next`). */
const hasNext = z.string().min(1).optional();
const bodyValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const paginationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({ type: z.literal('path'), template: z.string().includes('{page}', { message: 'template 必须含 {page}' }), start: z.number().int().default(1), hasNext, maxPages: z.number().int().min(1).default(200) })
    .strict(),
  z.object({ type: z.literal('query'), param: z.string().min(1), start: z.number().int().default(1), step: z.number().int().min(1).default(1), hasNext, maxPages: z.number().int().min(1).default(200) }).strict(),
  z.object({ type: z.literal('offset'), param: z.string().min(1), start: z.number().int().default(0), step: z.number().int().min(1), hasNext, maxPages: z.number().int().min(1).default(200) }).strict(),
  z.object({ type: z.literal('next-link'), selector: z.string().min(1), maxPages: z.number().int().min(1).default(200) }).strict(),
  // The next page asked after the last item of the one before (`?lastId=1204`): a cursor, no page number.
  // With `body`, every page is a POST of it as JSON and the cursor is set at the path `param` of the body (`{"lastId":1204}`).
  z
    .object({
      type: z.literal('cursor'),
      param: z.string().min(1),
      from: z.string().min(1).default('siteId'),
      url: z.string().optional(),
      body: z.record(z.string(), z.unknown()).optional(),
      maxPages: z.number().int().min(1).default(200),
    })
    .strict(),
  z
    .object({
      type: z.literal('post-form'),
      url: z.string().optional(),
      body: bodyValues,
      start: z.number().int().default(1),
      pageSize: z.number().int().min(1).default(15),
      hasNext, maxPages: z.number().int().min(1).default(200),
    })
    .strict(),
  z
    .object({
      type: z.literal('json-body'),
      url: z.string().optional(),
      body: z.record(z.string(), z.unknown()),
      start: z.number().int().default(1),
      pageSize: z.number().int().min(1).default(15),
      maxPages: z.number().int().min(1).default(200),
    })
    .strict(),
  z
    .object({
      type: z.literal('aspnet-postback'),
      target: z.string().min(1),
      argument: z.string().default('{page}'),
      form: z.string().default('form'),
      extra: bodyValues.default({}),
      start: z.number().int().default(1),
      hasNext, maxPages: z.number().int().min(1).default(200),
    })
    .strict(),
  z
    .object({
      type: z.literal('load-more'),
      button: z.string().min(1),
      maxClicks: z.number().int().min(0).default(50),
      waitMs: z.number().int().min(0).default(10_000),
    })
    .strict(),
]);

const politenessSchema = z
  .object({
    maxConcurrency: z.number().int().min(1).max(32).default(2),
    delay: duration.default(250),
    retries: z.number().int().min(0).max(20).default(4),
    backoff: duration.default(2000),
    maxBackoff: duration.default(60_000),
    timeout: duration.default(30_000),
    userAgent: z.string().min(1).optional(),
    warmupUrl: z.string().url().optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const scopeSchema = z
  .object({
    /** This district's names (印台区, 印台). A `district` field naming one of them keeps the message. */
    district: z.array(z.string().min(1)).min(1),
    /** Places and units of the district (towns, streets, villages, bureaus); any one in the text keeps the message. */
    gazetteer: z.array(z.string().min(1)).default([]),
    /** Other districts: named in the `district` field or the text (and none of ours) = dropped with that reason. */
    otherDistricts: z.array(z.string().min(1)).default([]),
    /**
     * Places of other districts whose names hold one of ours or of `otherDistricts` (高新区 holds
     * 新区): where one is written, the shorter name inside it does not count. @default []
     */
    otherPlaces: z.array(z.string().min(1)).optional(),
    /** Words that hold a name but are no place (打印台 holds 印台); built-in ones are always known. @default [] */
    notPlaces: z.array(z.string().min(1)).optional(),
    /** Fields searched for names. */
    searchFields: z.array(z.enum(messageFields)).default(['title', 'content', 'replyUnit', 'district']),
  })
  .strict();

const forwardingSchema = z
  .object({
    /** Origin level when no `originLevel` field is mapped. */
    originLevel: z.enum(['province', 'city']).optional(),
  })
  .strict();

const baseSource = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'id 只能含小写字母、数字、- 和 _')
    .refine((id) => !id.startsWith(manualSourcePrefix), `id 不能以 ${manualSourcePrefix} 开头（留给手工录入的留言）`),
  name: z.string().min(1),
  channel: z.enum(channels),
  enabled: z.boolean().default(true),
  startUrls: z.array(z.string().url()).min(1),
  encoding: z.string().optional(),
  schedule: z.object({ every: duration.default(30 * 60_000) }).strict().default({ every: 30 * 60_000 }),
  politeness: politenessSchema.default(politenessSchema.parse({})),
  closedStatuses: z.array(z.string().min(1)).default(['已办结', '已办理', '办理完毕', '已回复', '已答复', '已完成', '已处理']),
  watch: z
    .object({
      revisitOpenAfter: duration.default(watchDefaults.revisitOpenAfter),
      maxPagesPerRun: z.number().int().min(1).default(watchDefaults.maxPagesPerRun),
      /**
       * Re-fetch the detail of a closed message when it was last checked this long ago (a reply
       * edited or a message deleted after it closed); 0 (`off`) disables the re-check.
       */
      recheckClosedAfter: durationOrOff.default(watchDefaults.recheckClosedAfter),
      /** At most this many closed messages re-checked per run, oldest check first; 0 disables. */
      recheckClosedPerRun: z.number().int().min(0).default(watchDefaults.recheckClosedPerRun),
      /**
       * Closed messages are re-checked only while first seen within this long; older ones keep no
       * text in the watch state (it would grow by about 1 KB per message for ever, and sites edit or
       * delete answered messages within weeks, not years). 0 (`off`): no age limit.
       */
      recheckClosedFor: durationOrOff.default(watchDefaults.recheckClosedFor),
      /** Text (a regular expression, case-insensitive) that only the site's "message removed" page shows, e.g. 信件不存在|已被删除. */
      removedText: z
        .string()
        .min(1)
        .refine((p) => compileRemovedText(p) !== undefined, { message: '不是有效的正则表达式' })
        .optional(),
    })
    .strict()
    .default(() => ({ ...watchDefaults })),
  scope: scopeSchema.optional(),
  forwarding: forwardingSchema.optional(),
};

export const configSourceSchema = z
  .object({
    ...baseSource,
    kind: z.literal('config').default('config'),
    list: listSchema,
    pagination: paginationSchema.default({ type: 'none' }),
    detail: detailSchema.optional(),
  })
  .strict();

export const moduleSourceSchema = z
  .object({
    ...baseSource,
    kind: z.literal('module'),
    module: z.string().min(1),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const sourceSchema = z.union([moduleSourceSchema, configSourceSchema]);
export const sourceFileSchema = z.object({ sources: z.array(z.unknown()).min(1) }).strict();

export type ConfigSource = z.infer<typeof configSourceSchema>;
export type ModuleSource = z.infer<typeof moduleSourceSchema>;
/** A validated source: declarative (`kind: config`) or code (`kind: module`). */
export type SourceDefinition = ConfigSource | ModuleSource;
export type Pagination = z.infer<typeof paginationSchema>;
export type ListSpec = z.infer<typeof listSchema>;
export type DetailSpec = z.infer<typeof detailSchema>;
export type Politeness = z.infer<typeof politenessSchema>;
export type ScopeSpec = z.infer<typeof scopeSchema>;
export type FieldMap = z.infer<typeof fieldsSchema>;

/** Every key the source file format knows, at any level (for "did you mean" hints on a mistyped key). */
export const sourceFileKeys: readonly string[] = (() => {
  const keys = new Set<string>(messageFields);
  const seen = new Set<unknown>();
  const walk = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        keys.add(key);
        walk(value);
      }
    }
    for (const inner of ['innerType', 'element', 'valueType', 'in', 'out']) walk(def[inner]);
    for (const option of (def.options as unknown[] | undefined) ?? []) walk(option);
  };
  for (const schema of [configSourceSchema, moduleSourceSchema, sourceFileSchema]) walk(schema);
  return [...keys];
})();
