/** The User-Agent a source's requests carry when its file sets none: says who crawls, and for whom. */
export const defaultUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) minsheng/0.1 (+e-government centre crawler)';
