'use strict';
// The Sampo dashboard page: one view fetched at load, then views pushed by the server (server-sent
// events); the DSN plot of the selected session fetched with each view. Plain DOM and SVG, no library,
// so the page needs nothing but this server.
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const query = token ? '?token=' + encodeURIComponent(token) : '';
  const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#bcbd22', '#7f7f7f'];
  const $ = (id) => document.getElementById(id);
  let selected = null;
  let firstView = true;
  let plotting = false;

  const esc = (s) => String(s).replace(/[&<>"']/g,
    (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
  const na = '<span class="na">n/a</span>';
  const num = (v) => v === null || v === undefined ? na : Number(v).toLocaleString('en');
  const time = (us) => us ? new Date(us / 1000).toISOString().substring(11, 23) : na;

  function render(view) {
    renderSessions(view.sessions);
    renderHealth(view.health);
    renderNf(view.nf);
    if (firstView) {
      firstView = false;
      document.body.dataset.firstViewMs = String(Math.round(performance.now()));
    }
    plot();
  }

  function renderSessions(s) {
    $('counts').textContent = s.held.toLocaleString('en') + ' sessions';
    const notice = $('subset-notice');
    notice.hidden = !s.subset;
    if (s.subset) {
      notice.textContent = 'Showing ' + s.shown.toLocaleString('en') + ' of ' + s.held.toLocaleString('en')
        + ' sessions held (the most recently seen)'
        + (s.refused > 0 ? '; ' + s.refused.toLocaleString('en') + ' more refused at the cap of '
          + s.cap.toLocaleString('en') + ' sessions in memory' : '') + '.';
    }
    if (selected === null && s.rows.length > 0) {
      selected = s.rows[0].id;
    }
    const html = [];
    for (const r of s.rows) {
      const members = r.subflows.map((m) => esc(m.id)).join('<br>');
      html.push('<tr class="session' + (r.id === selected ? ' selected' : '') + '" data-session="' + esc(r.id)
        + '" data-subflows="' + r.subflows.length + '" data-members="' + esc(r.subflows.map((m) => m.id).join(' '))
        + '"><td>' + esc(r.id) + '</td><td>' + (r.token ? esc(r.token) : '—') + '</td><td>' + esc(r.evidence)
        + '</td><td class="num">' + r.confidence.toFixed(3) + '</td><td><b class="subflow-count">'
        + r.subflows.length + '</b><div class="members">' + members + '</div></td><td class="num">'
        + num(r.packets) + '</td><td class="num">' + num(r.bytes) + '</td><td>' + time(r.first_seen_us)
        + '</td><td>' + time(r.last_seen_us) + '</td></tr>');
    }
    document.querySelector('#sessions tbody').innerHTML = html.join('');
  }

  function renderHealth(h) {
    const cp = h.checkpoints;
    const sf = h.sflow;
    const rows = [
      ['records/s on sampo.packets', num(Math.round(h.records_per_s))],
      ['records read', num(h.packets)],
      ['malformed records', num(h.malformed_packets)],
      ['Kafka consumer lag (job)', num(h.kafka_lag)],
      ['Flink checkpoints', cp ? num(cp.completed) + ' completed, ' + num(cp.failed) + ' failed, '
        + num(cp.inProgress) + ' in progress' + (cp.lastDurationMillis !== null ? ', last took '
        + num(cp.lastDurationMillis) + ' ms' : '') : na],
      ['sFlow agents (collector of up)', sf ? num(sf.agents) : na],
      ['sFlow datagrams (lost), collector of up', sf ? num(sf.datagrams) + ' (' + num(sf.datagrams_lost) + ')' : na],
      ['sFlow samples lost, collector of up', sf ? num(sf.samples_lost) : na],
      ['sFlow agent drops, collector of up', sf ? num(sf.agent_drops) : na],
      ['capture drops (kernel + interface)', num(h.capture_drops)],
      ['agent health records refused (malformed)', num(h.agents.refused) + ' (' + num(h.agents.malformed) + ')'],
      ['output records (malformed)', num(h.directory.records) + ' (' + num(h.directory.malformed) + ')'],
    ];
    $('health').innerHTML = rows.map((r) => '<dt>' + r[0] + '</dt><dd>' + r[1] + '</dd>').join('');
    document.querySelector('#sources tbody').innerHTML = h.sources.map((s) => '<tr><td>' + esc(s.name)
      + '</td><td class="num">' + num(s.records) + '</td><td class="num">' + num(Math.round(s.records_per_s))
      + '</td><td class="num">' + num(s.sampling_rate) + '</td></tr>').join('')
      || '<tr><td colspan="4" class="na">no records yet</td></tr>';
    document.querySelector('#exporters tbody').innerHTML = h.exporters.map((e) => '<tr class="exporter"'
      + ' data-agent="' + esc(e.agent) + '"><td>' + esc(e.agent) + (e.sub_agent ? ' / ' + e.sub_agent : '')
      + '</td><td>' + esc(e.collector) + '</td><td class="num">'
      + (e.sampling_rates.length ? e.sampling_rates.map(num).join(', ') : na) + '</td><td class="num">'
      + num(e.datagrams) + '</td><td class="num">' + num(e.samples) + '</td><td class="loss">'
      + num(e.datagrams_lost) + ' datagrams, ' + num(e.samples_lost) + ' samples</td></tr>').join('')
      || '<tr><td colspan="6" class="na">no sFlow agent heard</td></tr>';
    document.querySelector('#agents tbody').innerHTML = h.agents.held.map(agentRow).join('')
      || '<tr><td colspan="5" class="na">no agent publishes to sampo.agents</td></tr>';
  }

  // One ingest agent's latest health: a capture agent's libpcap and sampling counters, or an sFlow
  // collector's datagrams and sequence loss.
  function agentRow(a) {
    const c = a.capture;
    const s = a.sflow;
    const figures = c
      ? 'received ' + num(c.received) + ', read ' + num(c.frames) + ', sampled ' + num(c.sampled)
        + ', records ' + num(c.records)
      : 'exporters ' + num(s.exporters) + ', datagrams ' + num(s.datagrams) + ', samples ' + num(s.samples)
        + ', records ' + num(s.records) + ', decode errors ' + num(s.decode_errors);
    const loss = c
      ? num(c.kernel_dropped) + ' kernel, ' + num(c.interface_dropped) + ' interface'
      : num(s.datagrams_lost) + ' datagrams, ' + num(s.samples_lost) + ' samples, ' + num(s.agent_drops)
        + ' agent drops';
    return '<tr class="agent" data-agent="' + esc(a.agent) + '" data-kind="' + esc(a.kind) + '"><td>' + esc(a.agent)
      + '</td><td>' + esc(a.kind) + '</td><td>' + figures + '</td><td class="loss">' + loss + '</td><td>'
      + new Date(a.at_ms).toISOString().substring(11, 19) + '</td></tr>';
  }

  function renderNf(nf) {
    const parts = [];
    for (const topic of Object.keys(nf)) {
      const entries = nf[topic];
      parts.push('<h3>' + esc(topic) + '</h3>');
      if (entries.length === 0) {
        parts.push('<p class="na">nothing published</p>');
        continue;
      }
      parts.push('<table><thead><tr><th>key</th><th>latest value</th></tr></thead><tbody>'
        + entries.map((e) => '<tr><td>' + esc(e.key) + '</td><td class="value">' + esc(e.value) + '</td></tr>')
          .join('') + '</tbody></table>');
    }
    $('nf').innerHTML = parts.join('');
  }

  function plot() {
    if (selected === null || plotting) {
      return;
    }
    plotting = true;
    const id = selected;
    fetch('/api/sessions/' + encodeURIComponent(id) + '/dsn' + query)
      .then((r) => r.ok ? r.json() : null)
      .then((p) => { if (p && id === selected) { draw(p); } })
      .catch(() => {})
      .finally(() => { plotting = false; });
  }

  function draw(p) {
    $('dsn-session').textContent = p.session;
    const W = 640, H = 320, L = 70, R = 10, T = 10, B = 30;
    let xMax = 0, yMax = 0;
    for (const s of p.series) {
      for (const pt of s.points) {
        xMax = Math.max(xMax, pt[0]);
        yMax = Math.max(yMax, pt[1]);
      }
    }
    xMax = xMax || 1;
    yMax = yMax || 1;
    const x = (v) => L + (W - L - R) * v / xMax;
    const y = (v) => H - B - (H - T - B) * v / yMax;
    const svg = ['<line class="axis" x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '"/>',
      '<line class="axis" x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '"/>',
      '<text x="' + L + '" y="' + (H - 8) + '">0 s</text>',
      '<text x="' + (W - R) + '" y="' + (H - 8) + '" text-anchor="end">' + xMax.toFixed(2) + ' s</text>',
      '<text x="' + (L - 4) + '" y="' + (H - B) + '" text-anchor="end">0</text>',
      '<text x="' + (L - 4) + '" y="' + (T + 8) + '" text-anchor="end">' + Math.round(yMax).toLocaleString('en')
        + ' B</text>'];
    const colourOf = {};
    const legend = [];
    for (const s of p.series) {
      if (!(s.subflow in colourOf)) {
        colourOf[s.subflow] = COLOURS[Object.keys(colourOf).length % COLOURS.length];
        legend.push('<li><span style="background:' + colourOf[s.subflow] + '"></span>' + esc(s.direction)
          + ' (' + s.points.length + ')</li>');
      }
      const c = colourOf[s.subflow];
      for (const pt of s.points) {
        svg.push('<circle class="dsn-point" r="2" fill="' + c + '" cx="' + x(pt[0]).toFixed(1) + '" cy="'
          + y(pt[1]).toFixed(1) + '"/>');
      }
    }
    if (p.series.length === 0) {
      svg.push('<text x="' + (W / 2) + '" y="' + (H / 2) + '" text-anchor="middle">no DSN sampled for this session'
        + ' yet</text>');
    }
    $('dsn-chart').innerHTML = svg.join('');
    $('dsn-legend').innerHTML = legend.join('');
  }

  document.querySelector('#sessions tbody').addEventListener('click', (e) => {
    const row = e.target.closest('tr.session');
    if (!row) {
      return;
    }
    selected = row.dataset.session;
    for (const r of document.querySelectorAll('tr.session.selected')) {
      r.classList.remove('selected');
    }
    row.classList.add('selected');
    plot();
  });

  fetch('/api/view' + query).then((r) => r.json()).then(render).catch(() => {});
  const events = new EventSource('/events' + query);
  events.addEventListener('view', (e) => {
    $('status').textContent = 'live';
    $('status').className = 'status live';
    render(JSON.parse(e.data));
  });
  events.onerror = () => {
    $('status').textContent = 'reconnecting…';
    $('status').className = 'status stale';
  };
})();
