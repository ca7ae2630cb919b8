// The applicant bundle's loader. The page works as the server sent it; the WebAssembly that makes
// the forms live is fetched once the page has loaded and the browser is idle (so it never competes
// with what the first paint needs), and compiled and run at the first sign of use: a key, a tap,
// a focus. A page only looked at costs the phone no CPU.
(function (js, wasm) {
  let response, started = false;
  const fetchWasm = () => (response ??= fetch(wasm));
  const events = ['keydown', 'pointerdown', 'touchstart', 'focusin', 'input'];
  const hydrate = () => {
    if (started) return;
    started = true;
    for (const e of events) removeEventListener(e, hydrate, true);
    import(js).then((mod) => mod.default({ module_or_path: fetchWasm() }).then(() => mod.hydrate()));
  };
  for (const e of events) addEventListener(e, hydrate, { capture: true, passive: true });
  // Already in use before this ran (a field focused while the page was loading).
  if (document.activeElement && document.activeElement !== document.body) hydrate();
  const warm = () => ('requestIdleCallback' in window ? requestIdleCallback(fetchWasm, { timeout: 4000 }) : setTimeout(fetchWasm, 1000));
  if (document.readyState === 'complete') warm();
  else addEventListener('load', warm, { once: true });
})
