// splitline HTML report: the findings table (filter, sort, expand), built
// from the JSON block #splitline-data. Plain DOM calls only: every string
// from the report goes in as text (textContent) or through safeUrl, never
// as markup. The filter state lives in the URL fragment, e.g.
// #status=fail&provider=aws&q=S3&sort=region&dir=desc (and open=ID,… to
// expand rows)
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const dataEl = $('splitline-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);

  const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
  const STATUSES = ['fail', 'error', 'manual', 'muted', 'pass', 'not-applicable'];
  const LISTS = ['status', 'severity', 'provider', 'model', 'change', 'account'];
  const CHANGES = {
    new: 'New: fails now and did not fail in the baseline.',
    unchanged: 'Unchanged: failed in the baseline and still fails.',
    'newly-unevaluable': 'Newly unevaluable: could be evaluated in the baseline, is an error now.',
  };

  const findings = data.findings.map((row, i) => {
    const f = {};
    data.cols.forEach((c, j) => { f[c] = row[j]; });
    f.order = i;
    f.effective = f.mute ? 'muted' : f.status;
    f.hay = [f.check_id, f.check_title, f.resource_id, f.resource_name, f.message].join('\n').toLowerCase();
    return f;
  });

  const SORTS = {
    severity: (f) => SEVERITIES.indexOf(f.severity),
    status: (f) => STATUSES.indexOf(f.effective),
    provider: (f) => f.provider,
    account: (f) => f.account,
    region: (f) => f.region,
    check: (f) => f.check_id,
    resource: (f) => (f.resource_name || f.resource_id).toLowerCase(),
  };

  const fresh = () => ({ status: [], severity: [], provider: [], model: [], change: [], account: [], q: '', sort: 'severity', dir: 'asc' });
  let state = fresh();
  const open = new Set();

  // ---- URL fragment <-> state ------------------------------------------
  const decode = (s) => {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; }
  };

  // Reads the fragment; false when it is a plain anchor (#overview).
  function readHash() {
    const h = location.hash.replace(/^#/, '');
    if (!h.includes('=')) return false;
    state = fresh();
    for (const part of h.split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = decode(part.slice(0, eq));
      const val = decode(part.slice(eq + 1));
      if (LISTS.includes(key)) state[key] = val.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
      else if (key === 'q') state.q = val;
      else if (key === 'sort' && SORTS[val]) state.sort = val;
      else if (key === 'dir') state.dir = val === 'desc' ? 'desc' : 'asc';
      else if (key === 'open') for (const id of val.split(',')) if (id) open.add(id);
    }
    return true;
  }

  function writeHash() {
    const parts = [];
    for (const k of LISTS) if (state[k].length) parts.push(k + '=' + state[k].map(encodeURIComponent).join(','));
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    if (state.sort !== 'severity' || state.dir !== 'asc') parts.push('sort=' + state.sort, 'dir=' + state.dir);
    const url = parts.length ? '#' + parts.join('&') : location.pathname + location.search;
    try { history.replaceState(null, '', url); } catch (e) { /* some file:// contexts refuse; the view still works */ }
  }

  // ---- form <-> state --------------------------------------------------
  const form = $('filters');
  const search = $('q');

  function syncForm() {
    for (const box of form.querySelectorAll('fieldset[data-key] input[type=checkbox]')) {
      const key = box.closest('fieldset').dataset.key;
      box.checked = state[key].includes(box.value);
    }
    search.value = state.q;
  }

  function readForm() {
    // Lists without checkboxes (account, from the accounts table's links) keep their value.
    for (const k of LISTS) if (form.querySelector('fieldset[data-key="' + k + '"]')) state[k] = [];
    for (const box of form.querySelectorAll('fieldset[data-key] input[type=checkbox]:checked')) {
      state[box.closest('fieldset').dataset.key].push(box.value);
    }
    state.q = search.value;
  }

  // ---- filtering and sorting -------------------------------------------
  function matcher() {
    const terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    const has = (list, v) => !list.length || list.includes(v);
    return (f) => has(state.status, f.effective) && has(state.severity, f.severity) &&
      has(state.provider, f.provider) && has(state.model, f.service_model) &&
      has(state.change, f.change || 'none') && has(state.account, f.account.toLowerCase()) &&
      terms.every((t) => f.hay.includes(t));
  }

  function render() {
    const rows = findings.filter(matcher());
    const key = SORTS[state.sort];
    const sign = state.dir === 'desc' ? -1 : 1;
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sign || a.order - b.order;
    });
    const frag = document.createDocumentFragment();
    for (const f of rows) {
      frag.append(row(f));
      if (open.has(f.id)) frag.append(detail(f));
    }
    $('findings-body').replaceChildren(frag);
    $('count').textContent = rows.length + ' of ' + findings.length + ' findings shown' +
      (rows.length === findings.length ? '' : ' (filtered)') +
      (state.account.length ? ' \u00B7 account ' + state.account.join(', ') + ' (Reset shows all)' : '');
    for (const th of document.querySelectorAll('#findings-table th[data-sort]')) {
      if (th.dataset.sort === state.sort) th.setAttribute('aria-sort', state.dir === 'desc' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  // ---- DOM helpers -----------------------------------------------------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== '') e.append(k);
    return e;
  }
  const badge = (cls, text) => el('span', { class: 'badge ' + cls }, text);
  const small = (text) => (text ? el('div', { class: 'small' }, text) : null);
  const safeUrl = (u) => typeof u === 'string' && /^https?:\/\/[^\s<>"'`]+$/i.test(u);
  const statusLabel = (s) => (s === 'not-applicable' ? 'n/a' : s);

  function row(f) {
    const expanded = open.has(f.id);
    const name = data.accounts[f.provider + '/' + f.account];
    const tr = el('tr', { class: 'f' + (f.mute ? ' is-muted' : ''), 'data-id': f.id, 'data-status': f.effective },
      el('td', null, el('button', { class: 'toggle', type: 'button', 'aria-expanded': String(expanded), title: 'Details' }, expanded ? '\u25BE' : '\u25B8')),
      el('td', null, badge('sev-' + f.severity, f.severity)),
      el('td', null, badge('st-' + f.effective, statusLabel(f.effective)),
        f.mute ? el('span', { class: 'small' }, ' (' + statusLabel(f.status) + ')') : null,
        f.change ? [' ', badge('chg chg-' + f.change, f.change)] : null),
      el('td', null, f.provider, small(f.service_model)),
      el('td', { class: 'mono' }, f.account, small(name)),
      el('td', null, f.region),
      el('td', null, el('span', { class: 'mono' }, f.check_id), small(f.check_title)),
      el('td', { class: 'res', title: f.resource_id }, f.resource_name || f.resource_id,
        f.resource_name && f.resource_name !== f.resource_id ? el('div', { class: 'small mono' }, f.resource_id) : null));
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) return;
      if (open.has(f.id)) {
        open.delete(f.id);
        const next = tr.nextElementSibling;
        if (next && next.classList.contains('detail')) next.remove();
      } else {
        open.add(f.id);
        tr.after(detail(f));
      }
      const btn = tr.querySelector('.toggle');
      btn.setAttribute('aria-expanded', String(open.has(f.id)));
      btn.textContent = open.has(f.id) ? '\u25BE' : '\u25B8';
    });
    return tr;
  }

  function detail(f) {
    const c = data.checks[f.check_id] || {};
    const box = el('div', { class: 'detail' });
    box.append(el('h4', null, 'Message'), el('div', { class: 'msg' }, f.message));
    if (f.mute) {
      box.append(el('h4', null, 'Muted'), el('div', { class: 'mute-note' },
        'Hidden by mute rule #' + f.mute.rule + ': ' + f.mute.reason,
        f.mute.owner ? ' \u00B7 owner ' + f.mute.owner : '',
        f.mute.expires ? ' \u00B7 expires ' + f.mute.expires : '',
        ' \u00B7 the check\u2019s verdict: ' + f.status));
    }
    if (f.change) box.append(el('h4', null, 'Baseline'), el('div', null, CHANGES[f.change] || f.change));
    if (f.evidence.length) {
      box.append(el('h4', null, 'Evidence'), el('table', null,
        el('thead', null, el('tr', null, el('th', null, 'Property'), el('th', null, 'Value'))),
        el('tbody', null, f.evidence.map(([p, v]) => el('tr', null, el('td', { class: 'mono' }, p), el('td', { class: 'mono' }, v))))));
    }
    if (c.risk) box.append(el('h4', null, 'Risk'), el('div', null, c.risk));
    const rem = c.remediation;
    if (rem) {
      box.append(el('h4', null, 'Remediation'), el('div', null, rem.text));
      if (rem.cli) box.append(el('div', { class: 'small' }, 'CLI'), el('pre', null, rem.cli));
      if (rem.terraform) box.append(el('div', { class: 'small' }, 'Terraform'), el('pre', null, rem.terraform));
    }
    if (c.compliance && c.compliance.length) {
      box.append(el('h4', null, 'Compliance'), el('div', null,
        c.compliance.map((r, i) => [i ? ', ' : '', el('span', { class: 'mono' }, r.framework + ' ' + r.control)])));
    }
    if (c.references && c.references.length) {
      box.append(el('h4', null, 'References'), el('ul', null, c.references.map((u) => el('li', null,
        safeUrl(u) ? el('a', { href: u, rel: 'noopener noreferrer', target: '_blank' }, u) : u))));
    }
    box.append(el('p', { class: 'small' }, 'Finding ' + f.id + ' \u00B7 ' + f.resource_kind + ' \u00B7 ' +
      f.control_domain + ' \u00B7 plugin ' + f.plugin + (Object.keys(f.tags || {}).length ? ' \u00B7 tags ' +
      Object.entries(f.tags).map(([k, v]) => k + '=' + v).join(', ') : '')));
    return el('tr', { class: 'detail', 'data-detail-for': f.id }, el('td', { colspan: '8' }, box));
  }

  // ---- wiring ----------------------------------------------------------
  for (const e of document.querySelectorAll('.js-only')) e.hidden = false;
  for (const e of document.querySelectorAll('.no-js')) e.hidden = true;

  const update = () => { readForm(); writeHash(); render(); };
  form.addEventListener('change', update);
  form.addEventListener('input', update);
  form.addEventListener('submit', (ev) => ev.preventDefault());
  $('reset').addEventListener('click', () => { state = fresh(); syncForm(); writeHash(); render(); });
  for (const th of document.querySelectorAll('#findings-table th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      const k = th.dataset.sort;
      if (state.sort === k) state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      else { state.sort = k; state.dir = 'asc'; }
      writeHash();
      render();
    });
  }
  const fromHash = () => {
    if (!readHash()) return false;
    syncForm();
    render();
    return true;
  };
  window.addEventListener('hashchange', () => { if (fromHash()) $('findings').scrollIntoView(); });
  if (!fromHash()) render();
  else $('findings').scrollIntoView();
})();
