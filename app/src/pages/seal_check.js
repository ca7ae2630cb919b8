// The QR code's certificate check (verify.rs renders the templates this fills; the seal is opened
// by shared/examples/seal_check.rs as WebAssembly, the same code as the server's). The outcome
// leads: the signature alone never says "valid", the server's answer on revocation does.
((wasmUrl) => {
  const root = document.getElementById('seal-check');
  const keys = document.getElementById('seal-keys');
  if (!root || !keys) return;
  const ring = keys.textContent.replace(/\n/g, ' ');
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  const result = root.querySelector('[data-testid=seal-result]');
  const part = (name) => root.querySelector(`template[data-part="${name}"]`).content.cloneNode(true);
  const fill = (node, slots) => {
    for (const [k, v] of Object.entries(slots)) {
      for (const e of node.querySelectorAll(`[data-slot="${k}"]`)) e.textContent = v ?? '';
    }
    return node;
  };
  let module;
  const ask = async (seal, id) => {
    module ??= fetch(wasmUrl).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b));
    const x = (await module).instance.exports;
    const bytes = new TextEncoder().encode([seal, ring, lang, id].join('\n'));
    const ptr = x.seal_alloc(bytes.length);
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    const n = x.seal_check(ptr, bytes.length);
    return JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, x.seal_answer(), n)));
  };
  // The server's word on the certificate: the same question as the form's.
  const online = async (a) => {
    try {
      const r = await fetch(`/api/v1/certificates/${a.compact}?name=${encodeURIComponent(a.name)}`);
      if (r.status === 429) return ['too_many', {}];
      if (!r.ok) return ['unreachable', {}];
      const v = await r.json();
      if (v.status === 'valid') return ['valid', {}];
      if (v.status === 'revoked') return ['revoked', { date: v.revoked, reason: v.reason }];
      if (v.status === 'not_found') return ['not_found', {}];
    } catch (e) {}
    return ['unreachable', {}];
  };
  let run = 0;
  const check = async () => {
    const mine = ++run;
    const seal = location.hash.slice(1);
    if (!seal) {
      result.hidden = true;
      result.replaceChildren();
      return;
    }
    // The outline at once, in the place and size of the answer, so nothing moves when it comes.
    result.replaceChildren(part('checking'), part('details'), part('online-id'));
    result.hidden = false;
    let a = null;
    try {
      a = await ask(seal, '');
    } catch (e) {}
    if (mine !== run) return;
    if (!a) return result.replaceChildren(part('unchecked'));
    if (!a.ok) return result.replaceChildren(fill(part('invalid'), { message: a.message }));
    fill(result, { ...a, until: a.until ?? root.dataset.permanent, signature: root.dataset.signature });
    result.firstElementChild.replaceWith(part('pending'));
    if (a.legacy) result.lastElementChild.replaceWith(part('legacy'));
    const typed = result.querySelector('#seal-id');
    if (typed) {
      const said = result.querySelector('[data-testid=seal-id-result]');
      typed.addEventListener('input', async () => {
        const v = typed.value;
        const m = v.trim().length >= 15 ? (await ask(seal, v)).id_matches : null;
        said.textContent = m === true ? said.dataset.matches : m === false ? said.dataset.differs : '';
      });
    }
    const [state, slots] = await online(a);
    if (mine !== run) return;
    result.firstElementChild.replaceWith(fill(part(state), slots));
  };
  addEventListener('hashchange', check);
  check();
})
