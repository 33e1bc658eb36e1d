// The search page's query, for the box on /search/ when the reader's browser runs no script
// (fulian.conf: js_set $fulian_search_query, then sub_filter). njs (Debian 12's
// libnginx-mod-http-js, njs 0.7): nginx's own $arg_q is still percent-encoded, and the page
// must show 家庭教育, not %E5%AE%B6%E5%BA%AD%E6%95%99%E8%82%B2.
//
// The result goes inside a double-quoted HTML attribute, so it is escaped here, once, for
// exactly that place. scripts/tooling/src/static-server.ts (npm start) does the same in
// TypeScript; the deployment test sends both servers the same hostile queries.

/** The first q of a raw query string's value, decoded as a browser's form encodes it. */
function decoded(raw) {
  try {
    // A form sends a space as +, and %2B for a real +.
    return decodeURIComponent(raw.replace(/\+/g, ' '));
    // biome-ignore lint/correctness/noUnusedVariables: njs 0.7 needs the binding
  } catch (e) {
    // Not valid percent-encoded UTF-8: an empty box, as if nothing had been typed.
    return '';
  }
}

/** The text as an HTML attribute value: no character can end the attribute or start a tag. */
function attribute(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** js_set handler: the value attribute's text for the search box. */
function query(r) {
  // Control characters (%00, a pasted line break) become spaces, then the ends are trimmed,
  // as the search client trims the query it searches for.
  return attribute(
    decoded(r.variables.arg_q || '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim(),
  );
}

export default { query };
