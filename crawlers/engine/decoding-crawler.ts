/**
 * Crawlee's CheerioCrawler with two changes to how it reads an answer: an HTML answer is decoded
 * in the charset its bytes show (decideCharset), not the one its header names, and no answer is
 * read past `MAX_ANSWER_BYTES`. The page an error answer carried is kept for the page router, to
 * tell a firewall or login wall behind a 403 or 5xx (access-wall.ts). Politeness is not its
 * concern: polite-crawler.ts builds it with the host's gate in its hooks.
 */
import type { IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { CheerioCrawler, type CheerioCrawlingContext, type Request } from '@crawlee/cheerio';
import { decideCharset, type CharsetDecision } from '../extract/charsets.js';

/** What an HTML answer's handler is given besides Crawlee's context: the charset its page was decoded in (decideCharset). */
export interface DecodedContext {
  decidedCharset?: CharsetDecision;
}

/** The most of one answer read (mailbox pages are well under 1 MB; a 5 MB one reads in under a second). */
const MAX_ANSWER_BYTES = 20_000_000;

/** An answer's bytes as they came, kept while Crawlee reads the answer, with its Content-Type. */
interface RawAnswer {
  chunks: Buffer[];
  contentType: string | undefined;
}

/**
 * Crawlee's CheerioCrawler, whose charset for answers that name none can be set while it runs, and
 * which decodes HTML answers in the charset decideCharset finds from their bytes: Crawlee takes the
 * header's as said (and decodes even a `charset=latin1` answer as UTF-8), so a GBK page under an
 * IIS default `charset=utf-8` or `iso-8859-1` was stored garbled.
 */
export class PoliteCheerioCrawler extends CheerioCrawler {
  private readonly raw = new WeakMap<Request, RawAnswer>();

  /**
   * The page an error answer carried (a 403, 429 or 5xx that Crawlee retries and fails: it reads the
   * body into its error, keeping none of it), decoded as an HTML answer is, or undefined (none kept,
   * or not HTML). Read once: a firewall's or login wall's page behind the status (access-wall.ts).
   */
  errorAnswerText(request: Request): string | undefined {
    const kept = this.raw.get(request);
    this.raw.delete(request);
    return kept && kept.chunks.length > 0 ? this.decodeKept(kept).text : undefined;
  }

  /** An answer's kept bytes in the charset decideCharset finds (the source's `encoding` first). */
  private decodeKept(kept: RawAnswer): { text: string; decision: CharsetDecision; charset: string | undefined } {
    const bytes = Buffer.concat(kept.chunks);
    const decision = decideCharset(this.forceResponseEncoding, kept.contentType, bytes);
    const charset = decision.charset ?? this.suggestResponseEncoding;
    return { text: iconv.decode(bytes, charset && iconv.encodingExists(charset) ? charset : 'utf8'), decision, charset };
  }

  /** Answers whose Content-Type names no charset are decoded in `encoding` from now on (a site found to be GBK). */
  decodeUnlabelledAs(encoding: string): void {
    this.suggestResponseEncoding = encoding;
  }

  /**
   * Keeps the answer's bytes as they pass to Crawlee's decoding (which they still go through: error
   * answers and JSON are read so), and stops reading any answer past `MAX_ANSWER_BYTES`: a page
   * that streams without end (a script stuck in a loop) was read and held until the request's time
   * ran out, hundreds of MB in the memory of the process that watches every source.
   */
  protected override _encodeResponse(request: Request, response: IncomingMessage, encoding: BufferEncoding): { encoding: BufferEncoding; response: IncomingMessage } {
    // Only what Crawlee parses as HTML or XML is kept (JSON and other answers are read as the header says).
    const type = String(response.headers['content-type'] ?? '');
    const keep = !type || /html|xml/i.test(type);
    const kept: RawAnswer = { chunks: [], contentType: response.headers['content-type'] };
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          // The same page would stream as long again: not retried.
          request.noRetry = true;
          response.destroy();
          done(new Error(`网站的应答超过 ${MAX_ANSWER_BYTES / 1_000_000} MB，已停止读取（页面可能出错，在不停地输出）`));
          return;
        }
        if (keep) kept.chunks.push(chunk);
        done(null, chunk);
      },
    });
    response.on('error', (error) => tap.destroy(error));
    const tapped = Object.assign(response.pipe(tap), { statusCode: response.statusCode, headers: response.headers, url: response.url }) as unknown as IncomingMessage;
    if (keep) this.raw.set(request, kept);
    return super._encodeResponse(request, tapped, encoding);
  }

  /** Decodes the page's bytes in the charset decideCharset finds (the source's `encoding` first), then parses it as Crawlee does. */
  protected override async _parseHTML(response: IncomingMessage, isXml: boolean, ctx: CheerioCrawlingContext) {
    const kept = this.raw.get(ctx.request);
    if (!kept) return super._parseHTML(response, isXml, ctx);
    this.raw.delete(ctx.request);
    // Crawlee's decoding is read to its end (so every byte has passed the tap) and set aside.
    for await (const chunk of response) void chunk;
    const { text, decision, charset } = this.decodeKept(kept);
    const parsed = await super._parseHTML(Readable.from([Buffer.from(text, 'utf8')]) as unknown as IncomingMessage, isXml, ctx);
    return Object.assign(parsed, { decidedCharset: { ...decision, charset } satisfies CharsetDecision });
  }
}
