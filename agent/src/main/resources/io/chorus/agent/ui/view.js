// The Chorus live view. It reads the agent's snapshot (/health, /members, /stats, /ring/shares) once, then
// follows /events (server-sent events), re-reading the snapshot after every reconnection. Rows and arcs are
// keyed by member id: an event touches the one row it is about, never the whole table. Every string that
// comes from a member (names, hosts, tags, payloads) is written with textContent or setAttribute, never parsed
// as markup.
'use strict';

(() => {
  const STATES = ['ALIVE', 'SUSPECT', 'DEAD', 'LEFT'];
  // at equal incarnation LEFT and DEAD beat SUSPECT, which beats ALIVE
  const RANK = { ALIVE: 0, SUSPECT: 1, DEAD: 2, LEFT: 2 };
  const EVENT_TYPES = ['member-joined', 'member-updated', 'member-suspected', 'member-failed', 'member-left',
    'member-recovered', 'ring-changed', 'coordinator-changed', 'quorum-changed', 'status', 'name-conflict', 'user'];
  const LOG_MAX = 300;
  const REFRESH_MS = 5000;
  const RECONNECT_MS = 2000;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ZONE_HUES = [210, 140, 30, 280, 0, 180, 60, 320, 100, 240];

  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const tbody = document.querySelector('#members tbody');

  /** id -> { m: the member as last applied, row, cells, changedAt (ms since the epoch), key } */
  const members = new Map();
  /** the entries in table order (by name, then id) */
  const order = [];
  let selfId = null;
  let filterText = '';
  let pending = [];
  let flushScheduled = false;
  let loading = 0;
  let snapshots = 0;
  let applied = 0;
  let source = null;
  let connection = 'connecting';
  let ringTimer = 0;
  let healthTimer = 0;
  let lookedUp = new Set();
  /** whether a state change flashes its row: not in a burst, where it would only cost frames */
  let highlight = true;
  let busyMs = 0;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  function str(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  function address(m) {
    const host = str(m.host);
    return (host.includes(':') ? '[' + host + ']' : host) + ':' + str(m.port);
  }

  function stateOf(m) {
    return STATES.includes(m.state) ? m.state : 'UNKNOWN';
  }

  function age(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm' + (s % 60) + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h' + Math.floor((s % 3600) / 60) + 'm';
    return Math.floor(s / 86400) + 'd' + Math.floor((s % 86400) / 3600) + 'h';
  }

  // ---- members: keyed rows ----

  /** @return whether `m` is at least as new as `old` (a higher incarnation wins; then the stronger state) */
  function newer(m, old) {
    if (!old) return true;
    if (m.incarnation !== old.incarnation) return m.incarnation > old.incarnation;
    return (RANK[m.state] ?? 0) >= (RANK[old.state] ?? 0);
  }

  function sortKey(m) {
    return str(m.name) + '\u0000' + str(m.id);
  }

  function createEntry(m) {
    const row = el('tr');
    row.setAttribute('data-id', str(m.id));
    const cells = {
      name: el('td', 'name'), address: el('td', 'address'), state: el('td', 'state'),
      incarnation: el('td', 'incarnation num'), tags: el('td', 'tags'), age: el('td', 'age num'),
    };
    cells.badge = el('span', 'badge');
    cells.state.append(cells.badge);
    cells.nameText = document.createTextNode('');
    cells.name.append(cells.nameText);
    row.append(cells.name, cells.address, cells.state, cells.incarnation, cells.tags, cells.age);
    return { m: null, row, cells, changedAt: Date.now(), key: sortKey(m), ageText: '' };
  }

  function position(key) {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid].key < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function insert(entry) {
    const i = position(entry.key);
    const next = order[i];
    order.splice(i, 0, entry);
    tbody.insertBefore(entry.row, next ? next.row : null);
  }

  function remove(id) {
    const entry = members.get(id);
    if (!entry) return;
    members.delete(id);
    const i = position(entry.key);
    if (order[i] === entry) order.splice(i, 1);
    entry.row.remove();
  }

  function tagsText(tags) {
    return Object.keys(tags || {}).sort().map((k) => k + '=' + str(tags[k])).join('\n');
  }

  /** Writes what changed of `m` into its row. */
  function fill(entry, m) {
    const old = entry.m;
    const c = entry.cells;
    if (!old || old.name !== m.name) c.nameText.data = str(m.name);
    const isSelf = m.id === selfId;
    if (isSelf !== Boolean(c.selfMark)) {
      if (isSelf) {
        c.selfMark = el('span', 'self-mark', '(this node)');
        c.name.append(c.selfMark);
      } else {
        c.selfMark.remove();
        c.selfMark = null;
      }
    }
    const where = address(m);
    if (c.address.textContent !== where) c.address.textContent = where;
    const state = stateOf(m);
    if (!old || stateOf(old) !== state) {
      c.badge.textContent = state;
      entry.row.className = 'state-' + state;
      if (old && entry.row.animate && highlight) {
        // a highlight that asks for no layout of the table
        entry.row.animate([{ backgroundColor: '#fff59d' }, { backgroundColor: 'transparent' }], { duration: 1200 });
      }
    }
    if (!old || old.incarnation !== m.incarnation) c.incarnation.textContent = str(m.incarnation);
    const tags = tagsText(m.tags);
    if (!old || tagsText(old.tags) !== tags) {
      c.tags.replaceChildren();
      for (const k of Object.keys(m.tags || {}).sort()) {
        c.tags.append(el('span', k === 'zone' ? 'tag zone' : 'tag', k + '=' + str(m.tags[k])));
      }
    }
    entry.m = m;
    entry.search = (str(m.name) + ' ' + where + ' ' + state + ' ' + tags).toLowerCase();
    applyFilter(entry);
  }

  /** Applies one member as an event or the snapshot tells it; `force` for the snapshot, which is the truth. */
  function upsert(m, changedAt, force) {
    if (!m || typeof m.id !== 'string') return;
    let entry = members.get(m.id);
    if (entry && !force && !newer(m, entry.m)) return;
    if (!entry) {
      entry = createEntry(m);
      members.set(m.id, entry);
      insert(entry);
      entry.changedAt = changedAt;
    } else if (stateOf(entry.m) !== stateOf(m) || force) {
      entry.changedAt = changedAt;
    }
    fill(entry, m);
    tickAge(entry, Date.now());
  }

  function applyFilter(entry) {
    const hidden = filterText !== '' && !entry.search.includes(filterText);
    if (entry.row.hidden !== hidden) entry.row.hidden = hidden;
  }

  function tickAge(entry, now) {
    const text = age(now - entry.changedAt);
    if (entry.ageText !== text) {
      entry.ageText = text;
      entry.cells.age.textContent = text;
    }
  }

  function counts() {
    const n = { ALIVE: 0, SUSPECT: 0, DEAD: 0, LEFT: 0 };
    for (const e of members.values()) {
      const s = stateOf(e.m);
      if (s in n) n[s]++;
    }
    const value = $('counts');
    const others = ['SUSPECT', 'DEAD', 'LEFT'].filter((s) => n[s] > 0).map((s) => n[s] + ' ' + s.toLowerCase());
    value.textContent = [n.ALIVE + ' alive', ...others].join(' · ');
    value.title = n.ALIVE + ' alive, ' + n.SUSPECT + ' suspect, ' + n.DEAD + ' dead, ' + n.LEFT + ' left';
    value.className = 'value ' + (n.SUSPECT + n.DEAD > 0 ? 'warn' : 'good');
  }

  // ---- the summary ----

  function showHealth(h) {
    if (!h) return;
    if (typeof h.id === 'string' && h.id !== selfId) {
      const before = selfId;
      selfId = h.id;
      $('self').textContent = 'this node: ' + h.id;
      document.title = 'Chorus: ' + h.id;
      for (const id of [before, selfId]) {
        const e = members.get(id);
        if (e) fill(e, e.m);
      }
    }
    const status = $('status');
    status.textContent = str(h.status) || 'unknown';
    status.className = 'value ' + (h.status === 'running' ? 'good' : 'bad');
    showQuorum(h.quorum);
    showCoordinator(h.coordinator);
  }

  function showQuorum(q) {
    const v = $('quorum');
    v.textContent = q === true ? 'held' : q === false ? 'lost' : '…';
    v.className = 'value ' + (q === true ? 'good' : q === false ? 'bad' : '');
  }

  function showCoordinator(id) {
    const entry = id ? members.get(id) : null;
    $('coordinator').textContent = entry ? str(entry.m.name) : id ? str(id) : 'none';
  }

  function showStats(s) {
    if (!s) return;
    const v = $('health-score');
    const score = s.health_score;
    v.textContent = score === undefined ? '…' : score === 0 ? '0 (healthy)' : score + ' (timeouts stretched)';
    v.className = 'value ' + (score === 0 ? 'good' : 'warn');
    if (s.ring_epoch !== undefined) $('epoch').textContent = str(s.ring_epoch);
  }

  // ---- the ring ----

  const arcs = new Map();
  const zoneArcs = new Map();

  function point(r, a) {
    return (r * Math.cos(a)).toFixed(2) + ' ' + (r * Math.sin(a)).toFixed(2);
  }

  function arcPath(r0, r1, a0, a1) {
    if (a1 - a0 >= 2 * Math.PI - 1e-6) a1 = a0 + 2 * Math.PI - 1e-4;
    const large = a1 - a0 > Math.PI ? 1 : 0;
    return 'M' + point(r1, a0) + ' A' + r1 + ' ' + r1 + ' 0 ' + large + ' 1 ' + point(r1, a1)
      + ' L' + point(r0, a1) + ' A' + r0 + ' ' + r0 + ' 0 ' + large + ' 0 ' + point(r0, a0) + ' Z';
  }

  function zoneColour(index, shade) {
    const hue = ZONE_HUES[index % ZONE_HUES.length] + 17 * Math.floor(index / ZONE_HUES.length);
    return 'hsl(' + (hue % 360) + ', 55%, ' + (shade ? 48 : 62) + '%)';
  }

  function keyedPaths(group, map, wanted, make) {
    for (const [id, path] of map) {
      if (!wanted.has(id)) {
        path.remove();
        map.delete(id);
      }
    }
    for (const [id, spec] of wanted) {
      let path = map.get(id);
      if (!path) {
        path = make(id);
        map.set(id, path);
        group.append(path);
      }
      if (path.getAttribute('d') !== spec.d) path.setAttribute('d', spec.d);
      if (path.getAttribute('fill') !== spec.fill) path.setAttribute('fill', spec.fill);
      if (path.firstChild.textContent !== spec.title) path.firstChild.textContent = spec.title;
    }
  }

  function drawRing(data) {
    if (!data || !Array.isArray(data.members)) return;
    $('epoch').textContent = str(data.epoch);
    // a member without a zone is a zone of its own
    const zones = new Map();
    for (const m of data.members) {
      const zone = m.zone === null || m.zone === undefined ? null : str(m.zone);
      const key = zone === null ? '\u0001' + str(m.id) : zone;
      if (!zones.has(key)) zones.set(key, { label: zone === null ? str(m.name) + ' (no zone)' : zone, members: [], share: 0 });
      const z = zones.get(key);
      z.members.push(m);
      z.share += Number(m.share) || 0;
    }
    const total = [...zones.values()].reduce((t, z) => t + z.share, 0) || 1;
    const wantedArcs = new Map();
    const wantedZones = new Map();
    let a = -Math.PI / 2;
    let zi = 0;
    const legend = [];
    for (const [key, z] of zones) {
      const zoneStart = a;
      z.members.forEach((m, i) => {
        const span = 2 * Math.PI * (Number(m.share) || 0) / total;
        wantedArcs.set(str(m.id), {
          d: arcPath(58, 94, a, a + span), fill: zoneColour(zi, i % 2 === 1),
          title: str(m.name) + ': ' + (100 * (Number(m.share) || 0)).toFixed(1) + '% of keys, zone ' + z.label,
        });
        a += span;
      });
      wantedZones.set(key, { d: arcPath(98, 108, zoneStart, a), fill: zoneColour(zi, true),
        title: 'zone ' + z.label + ': ' + (100 * z.share / total).toFixed(1) + '% of keys' });
      legend.push({ label: z.label, colour: zoneColour(zi, true), share: z.share / total, members: z.members.length });
      zi++;
    }
    keyedPaths($('member-arcs'), arcs, wantedArcs, (id) => {
      const p = svg('path', { class: 'arc', 'data-id': id });
      p.append(svg('title'));
      return p;
    });
    keyedPaths($('zone-arcs'), zoneArcs, wantedZones, () => {
      const p = svg('path', { class: 'zone-arc' });
      p.append(svg('title'));
      return p;
    });
    for (const [id, path] of arcs) path.classList.toggle('owner', lookedUp.has(id));
    $('wheel-count').textContent = data.members.length + (data.members.length === 1 ? ' member' : ' members');
    $('wheel-caption').textContent = 'ring epoch ' + str(data.epoch);
    $('wheel-sampled').textContent = (Number(data.sampled_keys) || 0).toLocaleString('en-US') + ' keys sampled';
    const list = $('zones');
    const items = legend.slice(0, 24).map((z) => {
      const li = el('li');
      const swatch = el('span', 'swatch');
      swatch.style.background = z.colour;
      li.append(swatch, document.createTextNode(z.label + ' ' + (100 * z.share).toFixed(1) + '% (' + z.members + ')'));
      return li;
    });
    if (legend.length > 24) items.push(el('li', 'muted', '… and ' + (legend.length - 24) + ' more zones'));
    list.replaceChildren(...items);
  }

  // ---- the event log ----

  function logLine(kind, text, tone) {
    const li = el('li', tone || '');
    li.append(el('span', 'time', new Date().toLocaleTimeString()), el('span', 'kind', kind), document.createTextNode(text));
    const log = $('log');
    log.prepend(li);
    while (log.childElementCount > LOG_MAX) log.lastElementChild.remove();
  }

  function describe(type, d) {
    const m = d.member || {};
    const who = str(m.name) + ' (' + address(m) + ')';
    switch (type) {
      case 'member-joined': return [who + ' joined, ' + stateOf(m), 'good'];
      case 'member-updated': return [who + ' updated: incarnation ' + str(m.incarnation) + ', tags ' + tagsText(m.tags).replace(/\n/g, ' '), ''];
      case 'member-suspected': return [who + ' is SUSPECT', 'warn'];
      case 'member-failed': return [who + ' is DEAD (' + str(d.reason) + ')', 'bad'];
      case 'member-left': return [who + ' LEFT', ''];
      case 'member-recovered': return [who + ' is ALIVE again', 'good'];
      case 'ring-changed': return ['ring epoch ' + str(d.epoch) + ': ' + str(d.members) + ' members, '
        + (100 * (Number(d.moved_share) || 0)).toFixed(1) + '% of keys moved', ''];
      case 'coordinator-changed': return ['the coordinator is ' + str(m.name), ''];
      case 'quorum-changed': return ['quorum ' + (d.quorum ? 'held' : 'lost') + ': ' + str(d.alive) + ' of '
        + str(d.expected) + ' ALIVE', d.quorum ? 'good' : 'bad'];
      case 'status': return ['this node: ' + str(d.previous) + ' → ' + str(d.status), ''];
      case 'name-conflict': return [str(d.claimant) + ' claimed the name of ' + str(d.holder) + '; refused', 'bad'];
      case 'user': {
        const payload = d.encoding === 'utf-8' ? str(d.payload) : '(' + str(d.size) + ' bytes, binary)';
        const shown = payload.length > 200 ? payload.slice(0, 200) + '…' : payload;
        return ['user event ' + str(d.topic) + ' from ' + str(d.sender_name) + ': ' + shown, ''];
      }
      default: return [type, ''];
    }
  }

  // ---- events ----

  function receive(type, data) {
    let d;
    try {
      d = JSON.parse(data);
    } catch (e) {
      logLine('unreadable', str(data).slice(0, 200), 'bad');
      return;
    }
    pending.push([type, d]);
    schedule();
  }

  function schedule() {
    if (flushScheduled || loading > 0) return;
    flushScheduled = true;
    if (document.hidden) setTimeout(flush, 250); else requestAnimationFrame(flush);
  }

  /** Applies the events that came since the last frame, each to the one row or value it is about. */
  function flush() {
    flushScheduled = false;
    if (loading > 0) return;
    const started = performance.now();
    const batch = pending;
    pending = [];
    const now = Date.now();
    let membersChanged = false;
    highlight = batch.length <= 50;
    // a burst longer than the log shows only its newest lines
    const unlogged = batch.length - LOG_MAX;
    if (unlogged > 0) logLine('burst', unlogged + ' events applied without a line here', 'warn');
    for (const [i, [type, d]] of batch.entries()) {
      applied++;
      if (i >= unlogged) {
        const [text, tone] = describe(type, d);
        logLine(type, text, tone);
      }
      if (type.startsWith('member-')) {
        upsert(d.member, now, false);
        membersChanged = true;
      } else if (type === 'ring-changed') {
        $('epoch').textContent = str(d.epoch);
        ringSoon();
      } else if (type === 'coordinator-changed') {
        showCoordinator(d.member && d.member.id);
      } else if (type === 'quorum-changed') {
        showQuorum(Boolean(d.quorum));
      } else if (type === 'status') {
        healthSoon();
      }
    }
    if (membersChanged) counts();
    highlight = true;
    busyMs += performance.now() - started;
    body.setAttribute('data-events', String(applied));
    body.setAttribute('data-busy-ms', busyMs.toFixed(0));
  }

  async function getJson(path, anyStatus) {
    const r = await fetch(path, { cache: 'no-store' });
    if (!r.ok && !anyStatus) throw new Error(path + ' answered ' + r.status);
    return r.json();
  }

  /** Re-reads the snapshot: the truth as of now. Events that arrive meanwhile wait, and apply after it. */
  async function loadSnapshot() {
    loading++;
    try {
      const [health, list, stats] = await Promise.all([getJson('/health', true), getJson('/members'), getJson('/stats')]);
      showHealth(health);
      const now = Date.now();
      const seen = new Set();
      if (members.size === 0 && Array.isArray(list)) {
        // the first load: build the rows off the page, in order, and add them at once
        const sorted = [...list].filter((m) => m && typeof m.id === 'string').sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1));
        const fragment = document.createDocumentFragment();
        for (const m of sorted) {
          const entry = createEntry(m);
          entry.changedAt = now - (Number(m.age_ms) || 0);
          members.set(m.id, entry);
          order.push(entry);
          fragment.append(entry.row);
          fill(entry, m);
          tickAge(entry, now);
          seen.add(m.id);
        }
        tbody.append(fragment);
      } else {
        for (const m of list) {
          upsert(m, now - (Number(m.age_ms) || 0), true);
          seen.add(m.id);
        }
      }
      for (const id of [...members.keys()]) {
        if (!seen.has(id)) remove(id);
      }
      counts();
      showCoordinator(health.coordinator);
      showStats(stats);
      snapshots++;
      body.setAttribute('data-snapshots', String(snapshots));
      body.setAttribute('data-ready', 'true');
    } catch (e) {
      logLine('snapshot', 'could not read the snapshot: ' + e.message, 'bad');
    } finally {
      loading--;
      schedule();
    }
    loadRing();
  }

  async function loadRing() {
    try {
      drawRing(await getJson('/ring/shares'));
    } catch (e) {
      logLine('ring', 'could not read the ring: ' + e.message, 'bad');
    }
  }

  function ringSoon() {
    clearTimeout(ringTimer);
    ringTimer = setTimeout(loadRing, 300);
  }

  async function refreshHealth() {
    try {
      const [health, stats] = await Promise.all([getJson('/health', true), getJson('/stats')]);
      showHealth(health);
      showStats(stats);
    } catch (e) {
      // the connection's state says it
    }
  }

  function healthSoon() {
    clearTimeout(healthTimer);
    healthTimer = setTimeout(refreshHealth, 200);
  }

  function setConnection(state, text) {
    if (state === connection) return;
    const was = connection;
    connection = state;
    const c = $('connection');
    c.setAttribute('data-state', state);
    c.textContent = text;
    body.setAttribute('data-connection', state);
    if (state === 'live') logLine('connected', 'following ' + location.host + '/events', 'good');
    else if (was === 'live') logLine('disconnected', 'the agent went away; reconnecting', 'warn');
  }

  function connect() {
    const es = new EventSource('/events');
    source = es;
    es.onopen = () => {
      setConnection('live', 'live');
      loadSnapshot();
    };
    es.onerror = () => {
      setConnection('reconnecting', 'reconnecting…');
      if (es.readyState === EventSource.CLOSED && source === es) {
        // the agent refused the stream (as with too many open): try again ourselves
        setTimeout(connect, RECONNECT_MS);
      }
    };
    for (const type of EVENT_TYPES) es.addEventListener(type, (ev) => receive(type, ev.data));
  }

  // ---- the key lookup ----

  async function lookup(ev) {
    ev.preventDefault();
    const key = $('key').value;
    const replicas = $('replicas').value.trim() || '1';
    const error = $('lookup-error');
    const owners = $('owners');
    error.textContent = '';
    if (key === '') {
      error.textContent = 'enter a key to look up';
      return;
    }
    try {
      const r = await fetch('/ring?key=' + encodeURIComponent(key) + '&replicas=' + encodeURIComponent(replicas),
        { cache: 'no-store' });
      const d = await r.json();
      if (!r.ok) {
        owners.replaceChildren();
        error.textContent = str(d && d.error) || 'the agent answered ' + r.status;
        return;
      }
      lookedUp = new Set(d.map((m) => str(m.id)));
      owners.replaceChildren(...d.map((m, i) => {
        const li = el('li');
        li.setAttribute('data-id', str(m.id));
        const zone = m.tags && m.tags.zone !== undefined ? 'zone ' + str(m.tags.zone) : 'no zone';
        li.append(el('span', 'name', str(m.name)),
          el('span', 'role', ' ' + (i === 0 ? 'owner' : 'replica') + ', ' + zone + ', ' + stateOf(m)));
        return li;
      }));
      if (d.length === 0) error.textContent = 'the ring is empty';
      for (const [id, path] of arcs) path.classList.toggle('owner', lookedUp.has(id));
    } catch (e) {
      error.textContent = 'cannot reach the agent: ' + e.message;
    }
  }

  // ---- start ----

  $('lookup').addEventListener('submit', lookup);
  $('filter').addEventListener('input', () => {
    filterText = $('filter').value.trim().toLowerCase();
    for (const entry of members.values()) applyFilter(entry);
  });
  document.addEventListener('visibilitychange', schedule);
  setInterval(() => {
    const now = Date.now();
    for (const entry of members.values()) tickAge(entry, now);
  }, 1000);
  setInterval(() => {
    if (connection === 'live') refreshHealth();
  }, REFRESH_MS);
  connect();
})();
