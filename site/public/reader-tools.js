// Elder mode's two extras, kept out of the page so the site's CSP needs no inline script:
// the high-contrast colours (remembered like elder mode itself) and 语音阅读, an article read
// aloud with the browser's own zh-CN speech synthesis, offered only where the browser has it.
(() => {
  const root = document.documentElement;
  try {
    if (localStorage.getItem('contrast-mode') === '1') root.classList.add('contrast');
  } catch (_e) {}

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('.contrast-switch') : null;
    if (!link) return;
    event.preventDefault();
    const on = link.classList.contains('contrast-on');
    // The contrast option lives inside elder mode: choosing it keeps elder mode on.
    root.classList.add('elder');
    root.classList.toggle('contrast', on);
    try {
      localStorage.setItem('elder-mode', '1');
      localStorage.setItem('contrast-mode', on ? '1' : '0');
    } catch (_e) {}
    const other = document.querySelector(on ? '.contrast-off' : '.contrast-on');
    if (other) other.focus();
  });

  const synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return;

  function chineseVoice() {
    const voices = synth.getVoices() || [];
    let exact = null;
    let any = null;
    for (let i = 0; i < voices.length; i++) {
      const lang = String(voices[i].lang || '')
        .replace('_', '-')
        .toLowerCase();
      if (lang === 'zh-cn' && !exact) exact = voices[i];
      if (lang.indexOf('zh') === 0 && !any) any = voices[i];
    }
    return exact || any;
  }

  // The readable text of an article, block by block, in reading order: headings, paragraphs,
  // list items, facts, captions and table rows; breadcrumbs and download links are skipped.
  function blocks(article) {
    const selector = 'h1, h2, h3, h4, p, li, dt, dd, figcaption, caption, tr';
    const nodes = article.querySelectorAll(selector);
    const texts = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.closest('[data-pagefind-ignore], .downloads, .reader-tools, [aria-hidden="true"]')) continue;
      // A paragraph inside a list item is read with the item.
      if (node.parentElement?.closest(selector)) continue;
      const text = (node.textContent || node.textContent || '').replace(/\s+/g, ' ').trim();
      if (text) texts.push(text);
    }
    return texts;
  }

  // Long utterances are cut off by some engines: speak one sentence at a time.
  function sentences(texts) {
    const out = [];
    for (let i = 0; i < texts.length; i++) {
      const parts = texts[i].match(/[^。！？；!?;]+[。！？；!?;]*/g) || [texts[i]];
      for (let j = 0; j < parts.length; j++) if (parts[j].trim()) out.push(parts[j].trim());
    }
    return out;
  }

  function setUp() {
    const button = document.querySelector('.read-aloud');
    const article = document.querySelector('main article');
    if (!button || !article) return;
    function offer() {
      if (chineseVoice()) button.hidden = false;
    }
    offer();
    if (button.hidden && synth.addEventListener) synth.addEventListener('voiceschanged', offer);

    function stop() {
      synth.cancel();
      button.setAttribute('aria-pressed', 'false');
      button.textContent = '朗读全文';
    }

    button.addEventListener('click', () => {
      if (button.getAttribute('aria-pressed') === 'true') {
        stop();
        return;
      }
      const voice = chineseVoice();
      const queue = sentences(blocks(article));
      synth.cancel();
      button.setAttribute('aria-pressed', 'true');
      button.textContent = '停止朗读';
      for (let i = 0; i < queue.length; i++) {
        const utterance = new SpeechSynthesisUtterance(queue[i]);
        utterance.lang = 'zh-CN';
        if (voice) utterance.voice = voice;
        utterance.rate = 0.9;
        if (i === queue.length - 1) utterance.onend = stop;
        synth.speak(utterance);
      }
    });
    // Leaving the page stops the voice rather than letting it read on over the next one.
    window.addEventListener('pagehide', () => {
      synth.cancel();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
  else setUp();
})();
