/**
 * Access walls met in the browser in place of a load-more list (browser-list.ts): a login page the
 * list address redirects to, a firewall's block page (any status), or a challenge script that sets
 * a cookie and reloads. Judged with the HTTP path's rule (access-wall.ts) on each answer the main
 * frame navigated to (read as it passes, since the browser keeps no body of a page it navigated
 * away from) and on the page as rendered, so a wall is said as a wall (the access alert), not as an
 * empty list or a redesign (改版). A challenge the browser passes (its reload shows the list) is no
 * wall: the walk only asks when the list's items never appeared. So for a batch a click fetches:
 * its answer is judged when the list did not grow.
 */
import iconv from 'iconv-lite';
import type { Page } from 'playwright';
import { pageCharset } from '../extract/charsets.js';
import { accessWall, type AccessWall } from './access-wall.js';

/** A wall and the answer that showed it. */
export interface BrowserWall {
  wall: AccessWall;
  url: string;
  status: number;
}

/**
 * A wall answered this many times in one visit: the browser is not let through (a challenge page
 * reloading itself for ever, which held the page's load, and the run, until the navigation timed
 * out at each of its tries: 68 s a run in tests/crawlers/browser-list-walls.test.ts): the visit is
 * ended and the wall reported.
 */
const WALLED_ANSWERS_MAX = 3;

/** An answer's text in its charset (the header's, else the page's `<meta>`), as the HTTP path reads it. */
function answerText(body: Buffer, contentType: string | undefined): string {
  const charset = pageCharset(undefined, contentType, body.toString('latin1'));
  return charset && iconv.encodingExists(charset) ? iconv.decode(body, charset) : body.toString('utf8');
}

/** The walls of one visit of the list page (one navigation attempt). */
export class BrowserWalls {
  private readonly walls: BrowserWall[] = [];
  /** The page's script requests' answers (a click's batch among them), judged as they come. */
  private readonly batches: Promise<BrowserWall | undefined>[] = [];
  /** The status of the main frame's last answer (a rendered wall is named with it). */
  private lastStatus = 200;

  constructor(private readonly requested: string) {}

  /** Reads each document answer of the page's main frame on its way to the browser (redirects are judged where they land). */
  async watch(page: Page): Promise<void> {
    page.on('response', (response) => {
      const type = response.request().resourceType();
      const status = response.status();
      if ((type !== 'fetch' && type !== 'xhr') || (status >= 300 && status < 400)) return;
      const judged = response.text().then(
        (body) => {
          const wall = accessWall({ url: response.url(), status, body }, this.requested);
          return wall ? { wall, url: response.url(), status } : undefined;
        },
        () => undefined,
      );
      this.batches.push(judged);
    });
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      const status = response.status();
      if (status >= 300 && status < 400) return route.fulfill({ response });
      const body = await response.body();
      this.lastStatus = status;
      const wall = accessWall({ url: request.url(), status, body: answerText(body, response.headers()['content-type']) }, this.requested);
      if (wall) this.walls.push({ wall, url: request.url(), status });
      if (this.walls.length >= WALLED_ANSWERS_MAX) return route.abort('blockedbyclient');
      return route.fulfill({ response, body });
    });
  }

  /** A mark of the script answers so far: `batchWall(mark)` judges those that came after it. */
  batchMark(): number {
    return this.batches.length;
  }

  /**
   * The wall among the page's script answers since `mark` (a click's batch answered with a login
   * page or a challenge), if any. Asked only when the click added no item: a batch of letters is
   * never taken for a wall, whatever their titles say.
   */
  async batchWall(mark: number): Promise<BrowserWall | undefined> {
    return (await Promise.all(this.batches.slice(mark))).filter((w) => w !== undefined).at(-1);
  }

  /** The wall the visit's answers showed (the last one), if any. */
  answered(): BrowserWall | undefined {
    return this.walls.at(-1);
  }

  /**
   * The wall the visit's answers showed, else the one the page shows as rendered (`html`, at
   * `url`): a login page a script sent the browser to after the list's frame.
   */
  shown(html: string, url: string): BrowserWall | undefined {
    const answered = this.answered();
    if (answered) return answered;
    const wall = accessWall({ url, status: this.lastStatus, body: html }, this.requested);
    return wall ? { wall, url, status: this.lastStatus } : undefined;
  }
}
