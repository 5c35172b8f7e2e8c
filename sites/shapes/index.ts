/** Every shape, by name. Each file documents its URLs; sites/README.md has the full selectors. */
import type { ShapeDefinition } from '../engine.js';
import type { SiteShape } from '../types.js';
import { aspnetPostback } from './aspnet-postback.js';
import { forwarded } from './forwarded.js';
import { gbkHtml } from './gbk-html.js';
import { jsLiteral } from './js-literal.js';
import { jsonApi } from './json-api.js';
import { loadMore } from './load-more.js';
import { offsetShape } from './offset.js';
import { pagedHtml } from './paged-html.js';
import { postForm } from './post-form.js';
import { tableFixedCells } from './table-fixed-cells.js';

export const shapes: Record<SiteShape, ShapeDefinition> = {
  'paged-html': pagedHtml,
  'table-fixed-cells': tableFixedCells,
  offset: offsetShape,
  'post-form': postForm,
  'aspnet-postback': aspnetPostback,
  'json-api': jsonApi,
  'js-literal': jsLiteral,
  'load-more': loadMore,
  'gbk-html': gbkHtml,
  forwarded,
};
