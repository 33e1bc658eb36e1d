// 长辈模式 (elder mode). A file of its own, not inline script, so the site's
// Content-Security-Policy can refuse every inline script (deploy/site-headers.json).
// Loaded in <head> without defer: the choice made earlier applies before the first paint, so
// the page never jumps. Without JavaScript the switch works through the #elder-mode anchor.
(() => {
  try {
    if (localStorage.getItem('elder-mode') === '1') document.documentElement.classList.add('elder');
  } catch {}
  document.addEventListener('click', (event) => {
    var link = event.target instanceof Element ? event.target.closest('.elder-switch') : null;
    if (!link) return;
    event.preventDefault();
    var on = link.classList.contains('elder-on');
    document.documentElement.classList.toggle('elder', on);
    try {
      localStorage.setItem('elder-mode', on ? '1' : '0');
    } catch {}
    if (!on && location.hash === '#elder-mode') history.replaceState(null, '', location.pathname + location.search);
    document.querySelector(on ? '.elder-off' : '.elder-on').focus();
  });
})();
