// The sandbox page (README, "Kubernetes: the sandbox page"). It reads the sandbox only through the sidecar's
// /files routes, so it is confined exactly as they are, and its header from /page/state.json. Every name and
// every byte from the sandbox reaches the DOM through textContent, never as markup.
(function () {
  'use strict';
  const TAIL = 64 * 1024; // bytes shown when a file opens: its end, never the whole file
  const EARLIER = 64 * 1024; // bytes added by "Load earlier"
  const FOLLOW_READ = 256 * 1024; // most bytes one follow read asks for: a fast file is read in short tasks
  const KEEP = 4 * 1024 * 1024; // most bytes kept in the view while following; older ones are dropped
  const OPEN_BLOCK_MAX = 64 * 1024; // a line longer than this is broken, so the view can drop its start
  const POLL_MS = 1000;
  const LISTING_MS = 5000; // an open listing is read again this often: files appear while the job runs
  const FETCH_TIMEOUT_MS = 10000;
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

  const el = (id) => document.getElementById(id);
  let root = null; // the sandbox's path, as the /files routes are asked it
  let followRead = FOLLOW_READ; // at most the sidecar's largest read (COOK_FILE_SERVER_MAX_READ_LENGTH)
  let view = null; // the open file
  let generation = 0; // one per navigation: answers for an older one are dropped
  let firstListing = true;

  class HttpError extends Error {
    constructor(status, text) {
      super(text);
      this.status = status;
    }
  }

  async function getJson(path, params) {
    const url = params ? path + '?' + new URLSearchParams(params).toString() : path;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    try {
      const r = await fetch(url, { cache: 'no-store', signal: abort.signal });
      if (!r.ok) {
        throw new HttpError(r.status, (await r.text()).trim());
      }
      return await r.json();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Bytes of the UTF-8 encoding of s: the read API's data is exactly as long as the bytes it stands for. */
  function utf8Length(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  function humanSize(n) {
    if (n < 1024) {
      return n + ' B';
    }
    const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let v = n / 1024;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return v.toFixed(1) + ' ' + units[u];
  }

  function two(n) {
    return String(n).padStart(2, '0');
  }

  function localTime(seconds) {
    const d = new Date(seconds * 1000);
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours())
      + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function node(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  function link(href, text, className) {
    const a = node('a', text, className);
    a.href = href;
    return a;
  }

  const hashFor = (mode, rel) => '#' + mode + '=' + encodeURIComponent(rel);
  const absolute = (rel) => (rel === '' ? root : root.replace(/\/+$/, '') + '/' + rel);

  function parseHash() {
    const m = /^#(browse|view)=(.*)$/.exec(location.hash);
    if (!m) {
      return { mode: 'browse', rel: '' };
    }
    try {
      return { mode: m[1], rel: decodeURIComponent(m[2]) };
    } catch (e) {
      return { mode: m[1], rel: null };
    }
  }

  function notice(text, isError) {
    const p = el('notice');
    p.textContent = text;
    p.className = isError ? 'error' : '';
    p.hidden = !text;
  }

  function show(section) {
    el('listing').hidden = section !== 'listing';
    el('viewer').hidden = section !== 'viewer';
  }

  function explain(e, rel) {
    if (e instanceof HttpError && e.status === 404) {
      return 'Not found: ' + rel + ' (no such file or directory in this sandbox)';
    }
    if (e instanceof HttpError) {
      return 'The sidecar refused: ' + e.message + ' (' + e.status + ')';
    }
    return 'The sidecar did not answer: ' + e.message;
  }

  function crumbs(rel) {
    const nav = el('crumbs');
    nav.replaceChildren(link(hashFor('browse', ''), root));
    const parts = rel === '' ? [] : rel.split('/');
    let acc = '';
    parts.forEach((part, i) => {
      acc = acc === '' ? part : acc + '/' + part;
      nav.append(node('span', '/', 'sep'));
      nav.append(i === parts.length - 1 ? node('span', part) : link(hashFor('browse', acc), part));
    });
  }

  // ---- the listing ----

  function row(entry, rel) {
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const child = rel === '' ? name : rel + '/' + name;
    const dir = entry.mode.charAt(0) === 'd';
    const tr = document.createElement('tr');
    tr.append(node('td', entry.mode), node('td', entry.uid), node('td', entry.gid));
    const size = node('td', humanSize(entry.size), 'num size');
    size.title = entry.size.toLocaleString('en-US') + ' bytes';
    size.dataset.bytes = String(entry.size);
    const mtime = node('td', localTime(entry.mtime));
    try {
      mtime.title = new Date(entry.mtime * 1000).toISOString();
    } catch (e) {
      mtime.title = String(entry.mtime); // beyond what a Date holds
    }
    const nameCell = node('td', undefined, 'name');
    nameCell.append(link(hashFor(dir ? 'browse' : 'view', child), dir ? name + '/' : name, dir ? 'dir' : 'file'));
    const actions = node('td');
    if (!dir) {
      actions.append(link(hashFor('view', child), 'view', 'view'), ' ',
        link('/files/download?path=' + encodeURIComponent(absolute(child)), 'download', 'download'));
    }
    tr.append(size, mtime, nameCell, actions);
    return tr;
  }

  async function browse(rel, gen, shown) {
    if (gen !== generation) {
      return; // a refresh timer of a listing left meanwhile
    }
    let entries;
    try {
      entries = await getJson('/files/browse.json', { path: absolute(rel) });
    } catch (e) {
      if (gen === generation) {
        notice(explain(e, rel), true);
      }
      return;
    }
    if (gen !== generation) {
      return;
    }
    const again = () => browse(rel, gen, json);
    const json = JSON.stringify(entries);
    if (json === shown) {
      setTimeout(again, document.hidden ? 3 * LISTING_MS : LISTING_MS);
      return;
    }
    if (entries.length === 0 && rel !== '' && (await isFile(rel))) {
      if (gen === generation) {
        location.replace(hashFor('view', rel)); // browse answers [] for a file
      }
      return;
    }
    const rows = document.createDocumentFragment();
    for (const entry of entries) {
      rows.append(row(entry, rel));
    }
    el('entries').replaceChildren(rows);
    el('empty').hidden = entries.length > 0;
    show('listing');
    setTimeout(again, LISTING_MS);
    if (firstListing) {
      firstListing = false;
      requestAnimationFrame(() => performance.mark('sandbox:first-listing'));
    }
  }

  async function isFile(rel) {
    try {
      await getJson('/files/read.json', { path: absolute(rel), offset: -1 });
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---- the file view: blocks of whole lines; the last one may be an open (unfinished) line ----

  async function readAt(offset, length) {
    return (await getJson('/files/read.json', { path: view.abs, offset: offset, length: length })).data;
  }

  function block(text, start, open, before) {
    const div = node('div', text.replace(CONTROL, '\ufffd'));
    const b = { start: start, open: open, text: open ? text : null, div: div };
    if (before) {
      el('content').prepend(div);
      view.blocks.unshift(b);
    } else {
      el('content').append(div);
      view.blocks.push(b);
    }
  }

  /** Adds text, the bytes [view.end, view.end + its length), at the end. */
  function append(text) {
    let start = view.end;
    const last = view.blocks[view.blocks.length - 1];
    if (last && last.open) {
      view.blocks.pop();
      last.div.remove();
      text = last.text + text;
      start = last.start;
    }
    view.end = start + utf8Length(text);
    const cut = text.lastIndexOf('\n') + 1;
    if (cut > 0) {
      block(text.slice(0, cut), start, false, false);
    }
    if (cut < text.length) {
      const rest = text.slice(cut);
      block(rest, start + utf8Length(text.slice(0, cut)), rest.length <= OPEN_BLOCK_MAX, false);
    }
  }

  /** While following, keeps at most KEEP bytes: the oldest blocks go ("Load earlier" brings them back). */
  function trim() {
    while (view.blocks.length > 1 && view.end - view.blocks[1].start >= KEEP) {
      view.blocks.shift().div.remove();
    }
    view.start = view.blocks.length > 0 ? view.blocks[0].start : view.end;
  }

  /** Drops the partial first line of text read from offset > 0; returns [text, its new start]. */
  function fromLineStart(text, offset) {
    if (offset === 0) {
      return [text, 0];
    }
    const nl = text.indexOf('\n');
    if (nl < 0 || nl === text.length - 1) {
      return [text, offset];
    }
    return [text.slice(nl + 1), offset + utf8Length(text.slice(0, nl + 1))];
  }

  function scroller() {
    return el('scroller');
  }

  function atEnd() {
    const s = scroller();
    return s.scrollHeight - s.scrollTop - s.clientHeight < 8;
  }

  function toEnd() {
    const s = scroller();
    s.scrollTop = s.scrollHeight;
  }

  function updateViewState() {
    const v = view;
    el('viewer').dataset.following = String(v.following);
    el('viewer').dataset.start = String(v.start);
    el('viewer').dataset.end = String(v.end);
    el('range').textContent = 'bytes ' + v.start.toLocaleString('en-US') + '\u2013' + v.end.toLocaleString('en-US')
      + ' of ' + Math.max(v.size, v.end).toLocaleString('en-US');
    el('earlier').disabled = v.start === 0;
    const follow = el('follow');
    if (v.following) {
      follow.textContent = 'following the end';
      follow.className = '';
    } else {
      const more = Math.max(0, v.size - v.end);
      follow.textContent = 'paused' + (more > 0 ? ': ' + more.toLocaleString('en-US') + ' new bytes' : '')
        + ' \u2013 scroll to the end to follow';
      follow.className = 'paused';
    }
  }

  async function openFile(rel, gen) {
    const abs = absolute(rel);
    let size;
    try {
      size = (await getJson('/files/read.json', { path: abs, offset: -1 })).offset;
    } catch (e) {
      if (gen !== generation) {
        return;
      }
      if (e instanceof HttpError && e.status === 400 && /directory/.test(e.message)) {
        location.replace(hashFor('browse', rel));
      } else {
        notice(explain(e, rel), true);
      }
      return;
    }
    if (gen !== generation) {
      return;
    }
    stopView();
    view = { abs: abs, rel: rel, gen: gen, start: 0, end: 0, size: size, blocks: [], following: true,
      timer: null, busy: false, quiet: 0 };
    el('content').replaceChildren();
    el('download').href = '/files/download?path=' + encodeURIComponent(abs);
    show('viewer');
    const from = Math.max(0, size - Math.min(TAIL, followRead));
    try {
      const [text, start] = fromLineStart(await readAt(from, size - from), from);
      if (view === null || view.gen !== gen) {
        return;
      }
      view.start = view.end = start;
      append(text);
    } catch (e) {
      if (view !== null && view.gen === gen) {
        notice(explain(e, rel), true);
      }
    }
    if (view === null || view.gen !== gen) {
      return;
    }
    updateViewState();
    toEnd();
    schedule(POLL_MS);
  }

  function stopView() {
    if (view !== null) {
      clearTimeout(view.timer);
      view = null;
    }
  }

  function schedule(ms) {
    clearTimeout(view.timer);
    const v = view;
    view.timer = setTimeout(() => poll(v), document.hidden ? Math.max(ms, 5 * POLL_MS) : ms);
  }

  async function size() {
    return (await getJson('/files/read.json', { path: view.abs, offset: -1 })).offset;
  }

  async function poll(v) {
    if (view !== v) {
      return;
    }
    try {
      if (!v.following) {
        const s = await size();
        if (view === v) {
          v.size = s;
          updateViewState();
          schedule(POLL_MS);
        }
        return;
      }
      const text = await readAt(v.end, followRead);
      if (view !== v) {
        return;
      }
      if (text === '') {
        // Now and then, whether the file shrank (truncated or replaced): then it is opened again.
        if (++v.quiet % 5 === 0) {
          const s = await size();
          if (view !== v) {
            return;
          }
          if (s < v.end) {
            notice('The file shrank; showing its end again.', false);
            openFile(v.rel, v.gen);
            return;
          }
          v.size = s;
        }
        schedule(POLL_MS);
        return;
      }
      v.quiet = 0;
      const bytes = utf8Length(text);
      if (!v.following) {
        v.size = Math.max(v.size, v.end + bytes);
        updateViewState();
        schedule(0); // scrolled up meanwhile: this read is not shown
        return;
      }
      append(text);
      v.size = Math.max(v.size, v.end);
      trim();
      toEnd();
      updateViewState();
      schedule(bytes >= followRead - 3 ? 0 : POLL_MS);
    } catch (e) {
      if (view === v) {
        notice(explain(e, v.rel), true);
        schedule(5 * POLL_MS);
      }
    }
  }

  function onScroll() {
    const v = view;
    if (v === null || v.busy) {
      return;
    }
    const end = atEnd();
    if (end === v.following) {
      return;
    }
    v.following = end;
    updateViewState();
    if (end) {
      if (v.size - v.end > KEEP) {
        openFile(v.rel, v.gen); // far behind: jump to the end rather than read it all
      } else {
        schedule(0);
      }
    }
  }

  async function loadEarlier() {
    const v = view;
    if (v === null || v.start === 0 || v.busy) {
      return;
    }
    v.busy = true;
    try {
      const to = v.start;
      const from = Math.max(0, to - Math.min(EARLIER, followRead));
      let [text, start] = fromLineStart(await readAt(from, to - from), from);
      if (view !== v) {
        return;
      }
      if (start + utf8Length(text) < to) {
        text += '\ufffd'; // a character cut at the window's end (only when the view began mid-line)
      }
      const s = scroller();
      const height = s.scrollHeight;
      block(text, start, false, true);
      v.start = start;
      s.scrollTop += s.scrollHeight - height; // what was in view stays in view
      updateViewState();
    } catch (e) {
      if (view === v) {
        notice(explain(e, v.rel), true);
      }
    } finally {
      v.busy = false;
    }
  }

  // ---- the header ----

  function applyState(s) {
    el('job').textContent = s.job || '\u2014';
    el('instance').textContent = s.instance || '\u2014';
    el('name-row').hidden = !s.name;
    el('job-name').textContent = s.name || '';
    document.title = (s.name || s.job || 'Sandbox') + ' \u2013 sandbox';
    const bar = el('bar');
    bar.hidden = !s.progressTracked;
    if (!s.progressTracked) {
      el('percent').textContent = '';
      el('progress-message').textContent = 'progress is not tracked (no scheduler to report to)';
    } else if (!s.progress) {
      bar.value = 0;
      el('percent').textContent = '';
      el('progress-message').textContent = 'no progress reported yet';
    } else {
      bar.value = s.progress.percent;
      el('percent').textContent = s.progress.percent + ' %';
      el('progress-message').textContent = s.progress.message;
    }
  }

  async function pollState() {
    let wait = POLL_MS;
    try {
      applyState(await getJson('/page/state.json'));
    } catch (e) {
      el('progress-message').textContent = 'the sidecar does not answer';
      wait = 5 * POLL_MS;
    }
    setTimeout(pollState, document.hidden ? 5 * POLL_MS : wait);
  }

  // ---- navigation ----

  function route() {
    const gen = ++generation;
    stopView();
    notice('', false);
    const h = parseHash();
    if (h.rel === null) {
      crumbs('');
      show('none');
      notice('Not found: the address names no path', true);
      return;
    }
    crumbs(h.rel);
    if (h.mode === 'view') {
      openFile(h.rel, gen);
    } else {
      browse(h.rel, gen);
    }
  }

  async function start() {
    el('earlier').addEventListener('click', loadEarlier);
    scroller().addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('hashchange', route);
    try {
      const s = await getJson('/page/state.json');
      root = s.workdir;
      followRead = Math.max(4, Math.min(FOLLOW_READ, s.maxReadLength || FOLLOW_READ));
      applyState(s);
    } catch (e) {
      notice('The sidecar did not answer: ' + e.message, true);
      return;
    }
    route();
    setTimeout(pollState, POLL_MS);
  }

  start();
})();
