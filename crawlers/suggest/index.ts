/** Drafting a source file from a site's pages (`minsheng sources suggest`). */
export { draftSource, type DraftInput, type SourceDraft } from './draft-source.js';
export { draftSourceFromSite, guessChannel, type DraftFromSiteOptions, type SiteDraft } from './draft-from-site.js';
export { fetchPageText } from './page-fetch.js';
