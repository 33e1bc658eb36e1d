// The build's log: Astro's own console log without its line per page. (JavaScript: Astro loads
// a logger's entrypoint itself, without TypeScript.)
//
// Astro writes two pieces per rendered page ("├─ /news/…/index.html", then " (+3ms)"): 29,000
// writes to the log pipe in a full build at 1x, 0.8 s of the build's main thread and the time of
// whoever reads the log. Pages are rendered eight at a time on two threads, so the pieces of
// different pages interleave and the lines say little; what a person acts on stays: the phases,
// every warning and error (a page that fails names itself), Astro's count of pages built, and
// the render plan's count of pages rendered and kept (integration.ts). `astro build --verbose`
// keeps the page lines.
import node from 'astro/logger/node';

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes, when a terminal has them
const COLOUR = /\u001b\[[0-9;]*m/g;
const PAGE = /^\s*[├└]─ \//;
const PAGE_END = /^ \((?:\+[\d.]+m?s|cached|restored)\)/;

export default function buildLog(config = {}) {
  const console = node(config);
  const verbose = process.argv.includes('--verbose');
  return {
    write(event) {
      if (event.level === 'info' && !verbose) {
        const text = String(event.message).replace(COLOUR, '');
        if (event.label === null && PAGE.test(text)) return;
        if (event.label === 'SKIP_FORMAT' && PAGE_END.test(text)) return;
      }
      console.write(event);
    },
  };
}
