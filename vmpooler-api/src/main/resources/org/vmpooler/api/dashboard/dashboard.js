// The vmpooler dashboard: polls one overview endpoint every few seconds and the history every sample, and
// draws everything with plain DOM and SVG (no library, nothing from a CDN). Text is only ever set through
// textContent, so a pool name can never inject markup.
(function () {
  'use strict';

  // As often as the reference's page, and cheap on the rate limit: with the history, about 18 requests a minute.
  var OVERVIEW_EVERY_MS = 5000;
  var SVG = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1c7ed6', '#2f9e44', '#e8590c', '#ae3ec9', '#0c8599', '#f08c00', '#d6336c', '#5c940d',
    '#4263eb', '#868e96', '#c2255c', '#37b24d'];

  var state = { overview: null, history: null, historyFor: null, sampleMs: 10000 };
  var controls = readControls();

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  // Sort, filter and range live in the URL fragment, so a wall screen can be bookmarked as set up.
  function readControls() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    return {
      filter: params.get('filter') || '',
      sort: params.get('sort') || 'name',
      onlyEmpty: params.get('empty') === '1',
      range: params.get('range') || 'hour'
    };
  }

  function writeControls() {
    var params = new URLSearchParams();
    if (controls.filter) { params.set('filter', controls.filter); }
    if (controls.sort !== 'name') { params.set('sort', controls.sort); }
    if (controls.onlyEmpty) { params.set('empty', '1'); }
    if (controls.range !== 'hour') { params.set('range', controls.range); }
    var hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : window.location.pathname + window.location.search);
  }

  function getJson(url) {
    return fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } }).then(function (response) {
      if (!response.ok) { throw new Error(url + ' answered ' + response.status); }
      return response.json();
    });
  }

  function setStatus(text, isError) {
    var status = $('status');
    status.textContent = text;
    status.classList.toggle('error', !!isError);
  }

  function seconds(value) {
    return value === null || value === undefined ? '–' : value + ' s';
  }

  function level(pool) {
    if (pool.empty) { return 'empty'; }
    if (pool.capacity < 25) { return 'critical'; }
    if (pool.capacity < 50) { return 'low'; }
    return 'ok';
  }

  // ---------------------------------------------------------------- totals

  function renderTotals(overview) {
    var t = overview.totals;
    var items = [
      ['ready', t.ready + ' / ' + t.size, 'ready / size', false],
      ['capacity', t.capacity + ' %', 'capacity', t.capacity < 25],
      ['pending', t.pending, 'pending', false],
      ['cloning', t.cloning, 'pool clones in flight', false],
      ['running', t.running, 'running', false],
      ['completed', t.completed, 'waiting to die', false],
      ['ondemand-requested', overview.ondemand.requested, 'on-demand requested', false],
      ['ondemand-cloning', overview.ondemand.cloning, 'on-demand cloning', false],
      ['clone-time', seconds(overview.clone.average), 'avg clone time today', false],
      ['boot-time', seconds(overview.boot.average), 'avg boot time today', false],
      ['empty-pools', t.emptyPools, 'empty pools', t.emptyPools > 0]
    ];
    var box = $('totals');
    box.replaceChildren.apply(box, items.map(function (item) {
      var tile = el('div', 'total' + (item[3] ? ' alert' : ''));
      tile.id = 'total-' + item[0];
      tile.appendChild(el('span', 'value', String(item[1])));
      tile.appendChild(el('span', 'label', item[2]));
      return tile;
    }));
  }

  // ---------------------------------------------------------------- pools

  var comparators = {
    name: function (a, b) { return a.name.localeCompare(b.name); },
    capacity: function (a, b) { return a.capacity - b.capacity || a.name.localeCompare(b.name); },
    running: function (a, b) { return b.running - a.running || a.name.localeCompare(b.name); },
    pending: function (a, b) { return b.pending - a.pending || a.name.localeCompare(b.name); },
    size: function (a, b) { return b.size - a.size || a.name.localeCompare(b.name); }
  };

  function visiblePools(pools) {
    var needle = controls.filter.trim().toLowerCase();
    return pools.filter(function (pool) {
      if (controls.onlyEmpty && !pool.empty) { return false; }
      if (!needle) { return true; }
      return [pool.name].concat(pool.aliases || []).some(function (name) {
        return name.toLowerCase().indexOf(needle) >= 0;
      });
    }).sort(comparators[controls.sort] || comparators.name);
  }

  function poolCard(pool) {
    var card = el('article', 'pool ' + level(pool));
    card.dataset.pool = pool.name;
    var name = el('h3', 'name');
    name.appendChild(el('span', 'pool-name', pool.name));
    if (pool.empty) { name.appendChild(el('span', 'badge', 'EMPTY')); }
    card.appendChild(name);
    var figure = el('p', 'figure');
    figure.appendChild(el('span', 'ready', String(pool.ready)));
    figure.appendChild(el('small', null, ' / '));
    figure.appendChild(el('small', 'size', String(pool.size)));
    figure.appendChild(el('small', null, ' ready · ' + pool.capacity + ' %'));
    card.appendChild(figure);
    var bar = el('div', 'bar');
    var fill = el('span');
    fill.style.width = Math.max(0, Math.min(100, pool.capacity)) + '%';
    bar.appendChild(fill);
    card.appendChild(bar);
    var facts = el('dl');
    [['pending', pool.pending], ['running', pool.running], ['completed', pool.completed]].forEach(function (fact) {
      var pair = el('div');
      pair.appendChild(el('dt', null, fact[0]));
      pair.appendChild(el('dd', fact[0], String(fact[1])));
      facts.appendChild(pair);
    });
    card.appendChild(facts);
    card.appendChild(sparkline(pool));
    var about = [];
    if (pool.aliases && pool.aliases.length) { about.push('alias: ' + pool.aliases.join(', ')); }
    if (pool.manager) { about.push('manager: ' + pool.manager); }
    if (about.length) { card.title = about.join('\n'); }
    return card;
  }

  function sparkline(pool) {
    var svg = svgEl('svg', { 'class': 'spark', viewBox: '0 0 100 20', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    if (!state.history) { return svg; }
    var points = withLivePoint(state.history.series['ready.' + pool.name], pool.ready);
    if (points.length < 2) { return svg; }
    var from = chartFrom();
    var span = Math.max(1, now() - from);
    var top = Math.max(1, pool.size, Math.max.apply(null, points.map(function (p) { return p[1]; })));
    var coords = points.map(function (p) {
      return [((p[0] - from) / span * 100).toFixed(2), (20 - p[1] / top * 19).toFixed(2)];
    });
    var line = 'M' + coords.map(function (c) { return c.join(','); }).join('L');
    var area = line + 'L' + coords[coords.length - 1][0] + ',20L' + coords[0][0] + ',20Z';
    svg.appendChild(svgEl('path', { 'class': 'area', d: area }));
    svg.appendChild(svgEl('path', { 'class': 'line', d: line, 'vector-effect': 'non-scaling-stroke' }));
    return svg;
  }

  // The graphs end on the live figures, so they agree with the numbers above them between two samples.
  function now() {
    return Math.max(state.history ? state.history.to : 0, state.overview ? state.overview.time : 0);
  }

  // A process that started recently has less history than the range asks for: the graphs then span what there
  // is (at least ten minutes) instead of squeezing it against the right edge.
  function chartFrom() {
    var earliest = now();
    Object.keys(state.history.series).forEach(function (name) {
      var points = state.history.series[name];
      if (points.length) { earliest = Math.min(earliest, points[0][0]); }
    });
    return Math.max(state.history.from, Math.min(earliest, now() - 600));
  }

  function withLivePoint(points, live) {
    var list = (points || []).slice();
    if (live !== null && live !== undefined && (list.length === 0 || list[list.length - 1][0] < now())) {
      list.push([now(), live]);
    }
    return list;
  }

  function renderPools() {
    if (!state.overview) { return; }
    var pools = visiblePools(state.overview.pools);
    var grid = $('pools');
    grid.replaceChildren.apply(grid, pools.map(poolCard));
    $('no-pools').hidden = pools.length > 0;
  }

  // ---------------------------------------------------------------- history charts

  // Sums several series on their shared timestamps (the sampler records every series at the same instants).
  function sumSeries(list) {
    var sums = new Map();
    list.forEach(function (points) {
      (points || []).forEach(function (p) { sums.set(p[0], (sums.get(p[0]) || 0) + p[1]); });
    });
    return Array.from(sums.entries()).sort(function (a, b) { return a[0] - b[0]; });
  }

  // Stacks lines on their union of timestamps (a line holds its last value between its own points), so that
  // groups with the same count do not hide each other; each line keeps its lower edge for the area.
  function stacked(lines) {
    var times = Array.from(new Set([].concat.apply([], lines.map(function (line) {
      return line.points.map(function (p) { return p[0]; });
    })))).sort(function (a, b) { return a - b; });
    var base = times.map(function () { return 0; });
    return lines.map(function (line) {
      var values = new Map(line.points);
      var last = 0;
      var lower = base;
      var upper = times.map(function (t, i) {
        if (values.has(t)) { last = values.get(t); }
        return lower[i] + last;
      });
      base = upper;
      return {
        name: line.name, color: line.color,
        points: times.map(function (t, i) { return [t, upper[i]]; }),
        lower: times.map(function (t, i) { return [t, lower[i]]; })
      };
    });
  }

  function drawChart(figureId, lines) {
    var figure = $(figureId);
    var svg = figure.querySelector('svg');
    var width = Math.max(200, svg.clientWidth || 300);
    var height = Math.max(80, svg.clientHeight || 160);
    var pad = { left: 34, right: 8, top: 8, bottom: 18 };
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.replaceChildren();
    var from = chartFrom();
    var to = now();
    var max = 1;
    lines.forEach(function (line) { line.points.forEach(function (p) { max = Math.max(max, p[1]); }); });
    max = niceMax(max);
    var x = function (t) { return pad.left + (t - from) / Math.max(1, to - from) * (width - pad.left - pad.right); };
    var y = function (v) { return height - pad.bottom - v / max * (height - pad.top - pad.bottom); };
    svg.appendChild(svgEl('line', { 'class': 'axis', x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0) }));
    svg.appendChild(svgEl('line', { 'class': 'axis', x1: pad.left, x2: width - pad.right, y1: y(max), y2: y(max) }));
    [[0, y(0)], [max, y(max) + 9]].forEach(function (tick) {
      var label = svgEl('text', { x: pad.left - 4, y: tick[1], 'text-anchor': 'end' });
      label.textContent = String(tick[0]);
      svg.appendChild(label);
    });
    [[from, 'start'], [to, 'end']].forEach(function (tick) {
      var label = svgEl('text', { x: x(tick[0]), y: height - 4, 'text-anchor': tick[1] });
      label.textContent = timeLabel(tick[0]);
      svg.appendChild(label);
    });
    var drawn = 0;
    lines.forEach(function (line) {
      if (line.points.length === 0) { return; }
      drawn++;
      var path = function (points) {
        return points.map(function (p) { return x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1); }).join('L');
      };
      var d = 'M' + path(line.points);
      if (line.lower) {
        svg.appendChild(svgEl('path', {
          'class': 'area', d: d + 'L' + path(line.lower.slice().reverse()) + 'Z', fill: line.color
        }));
      }
      if (line.points.length === 1) { d += 'h2'; }
      svg.appendChild(svgEl('path', { 'class': 'series', d: d, stroke: line.color }));
    });
    if (drawn === 0) {
      var note = svgEl('text', { 'class': 'empty-note', x: width / 2, y: height / 2, 'text-anchor': 'middle' });
      note.textContent = 'No samples yet';
      svg.appendChild(note);
    }
    var legend = figure.querySelector('.legend');
    legend.replaceChildren.apply(legend, lines.map(function (line) {
      var item = el('span');
      var swatch = el('i');
      swatch.style.background = line.color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(line.name));
      return item;
    }));
  }

  function niceMax(value) {
    var magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * magnitude >= value) { return steps[i] * magnitude; }
    }
    return 10 * magnitude;
  }

  function timeLabel(epochSeconds) {
    var date = new Date(epochSeconds * 1000);
    var options = controls.range === 'week' || controls.range === 'day'
      ? { weekday: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
    return date.toLocaleString([], options);
  }

  function renderCharts() {
    if (!state.history || !state.overview) { return; }
    var series = state.history.series;
    var overview = state.overview;
    var pools = overview.pools;
    var total = function (prefix, members) {
      return sumSeries(members.map(function (p) { return series[prefix + p.name]; }));
    };
    var live = function (field, members) {
      return members.reduce(function (sum, p) { return sum + p[field]; }, 0);
    };
    drawChart('chart-ready', [
      { name: 'ready', color: PALETTE[1], points: withLivePoint(total('ready.', pools), overview.totals.ready) },
      { name: 'pending', color: PALETTE[5], points: withLivePoint(total('pending.', pools), overview.totals.pending) }
    ]);
    var groups = [];
    pools.forEach(function (pool) { if (groups.indexOf(pool.group) < 0) { groups.push(pool.group); } });
    groups.sort();
    drawChart('chart-running', stacked(groups.map(function (group, index) {
      var members = pools.filter(function (p) { return p.group === group; });
      return {
        name: group, color: PALETTE[index % PALETTE.length],
        points: withLivePoint(total('running.', members), live('running', members))
      };
    })));
    drawChart('chart-times', [
      { name: 'clone', color: PALETTE[0], points: withLivePoint(series['clone.average'], overview.clone.average) },
      { name: 'boot', color: PALETTE[2], points: withLivePoint(series['boot.average'], overview.boot.average) }
    ]);
  }

  // ---------------------------------------------------------------- polling

  function refreshOverview() {
    return getJson('/dashboard/stats/overview').then(function (overview) {
      state.overview = overview;
      state.sampleMs = Math.max(1000, overview.sampleSeconds * 1000);
      renderTotals(overview);
      renderPools();
      renderCharts();
      setStatus('Updated ' + new Date(overview.time * 1000).toLocaleTimeString());
    });
  }

  function refreshHistory() {
    var range = controls.range;
    return getJson('/dashboard/stats/history?range=' + encodeURIComponent(range)).then(function (history) {
      if (range !== controls.range) { return; }
      state.history = history;
      renderPools();
      renderCharts();
    });
  }

  function failed(error) {
    setStatus('Cannot reach vmpooler (' + error.message + '); retrying', true);
  }

  function every(task, delay) {
    var run = function () {
      task().catch(failed).then(function () { setTimeout(run, delay()); });
    };
    run();
  }

  function bindControls() {
    var filter = $('filter');
    var sort = $('sort');
    var onlyEmpty = $('only-empty');
    var range = $('range');
    filter.value = controls.filter;
    sort.value = comparators[controls.sort] ? controls.sort : 'name';
    onlyEmpty.checked = controls.onlyEmpty;
    range.value = controls.range;
    // 'change' too: clearing a field programmatically (or by some assistive tools) fires no 'input' event.
    ['input', 'change'].forEach(function (type) {
      filter.addEventListener(type, function () { controls.filter = filter.value; writeControls(); renderPools(); });
    });
    sort.addEventListener('change', function () { controls.sort = sort.value; writeControls(); renderPools(); });
    onlyEmpty.addEventListener('change', function () {
      controls.onlyEmpty = onlyEmpty.checked; writeControls(); renderPools();
    });
    range.addEventListener('change', function () {
      controls.range = range.value; writeControls(); refreshHistory().catch(failed);
    });
    window.addEventListener('resize', renderCharts);
  }

  bindControls();
  every(function () { return refreshOverview(); }, function () { return OVERVIEW_EVERY_MS; });
  every(function () { return refreshHistory(); }, function () { return state.sampleMs; });
}());
