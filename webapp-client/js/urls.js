/** WebSocket URLs relative to the page, so the app works under any context path. */

/** Resolves path against base (the page URL) and turns http(s) into ws(s). */
export function wsUrl(path, base) {
  const url = new URL(path, base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.hash = '';
  return url.href;
}
