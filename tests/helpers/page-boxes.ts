/** Where things are in a browser window, for the console's layout tests. */
import type { Page } from 'playwright';

/** Where an element is in the window (null when it is not on the page or takes no space). */
export const boxOf = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width === 0 && r.height === 0 ? null : { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
  }, selector);
