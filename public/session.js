// The session form (Ghi buổi phát): rows added, removed and reordered in place, and items found while
// typing a title. Progressive enhancement only: without this file the same buttons ask the server.
(function () {
  'use strict';
  var withCommune = window.cchcWithCommune || function (url) { return url; };
  var form = document.querySelector('[data-session-form]');
  var rowsBox = document.querySelector('[data-rows]');
  var template = document.getElementById('row-template');
  if (!form || !rowsBox || !template) return;
  var vocab = null;
  fetch(withCommune('/api/v1/vocabulary'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (v) { vocab = v; })
    .catch(function () { /* labels fall back to codes */ });

  function labelOf(list, code) {
    if (!vocab || !vocab[list]) return code;
    for (var i = 0; i < vocab[list].length; i++) if (vocab[list][i].code === code) return vocab[list][i].label;
    return code;
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtAt(at) { return at.slice(8, 10) + '/' + at.slice(5, 7) + '/' + at.slice(0, 4) + ' ' + at.slice(11, 16); }
  function fmtDuration(s) { return s === null || s === undefined ? '' : Math.floor(s / 60) + ':' + pad(s % 60); }
  function rows() { return Array.prototype.slice.call(rowsBox.querySelectorAll('[data-row]')); }

  // Names, ids and labels carry the row's place (entries.N.field): renumber after any move.
  function renumber() {
    rows().forEach(function (row, i) {
      row.querySelectorAll('[name], [id], [for], [aria-describedby], [aria-controls]').forEach(function (el) {
        ['name', 'id', 'for', 'aria-describedby', 'aria-controls'].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v && /entries\.\d+\./.test(v)) el.setAttribute(attr, v.replace(/entries\.\d+\./g, 'entries.' + i + '.'));
        });
      });
      row.querySelectorAll('button[name="edit"]').forEach(function (b) { b.value = b.value.replace(/:(\d+)/, ':' + i); });
      var no = row.querySelector('[data-row-no]');
      if (no) no.textContent = String(i + 1);
    });
  }

  // What a new row takes from the row above it: format, unit and topics.
  function defaultsOf(row) {
    if (!row) return null;
    var chosen = row.querySelector('[data-chosen]');
    if (chosen) return { format: chosen.getAttribute('data-format'), unit: chosen.getAttribute('data-unit'), topics: (chosen.getAttribute('data-topics') || '').split(' ') };
    var get = function (f) { var el = row.querySelector('[name$=".' + f + '"]'); return el ? el.value : ''; };
    var topics = Array.prototype.map.call(row.querySelectorAll('input[name$=".topics"]:checked'), function (c) { return c.value; });
    return { format: get('format'), unit: get('unit'), topics: topics };
  }

  function addRow() {
    var last = rows().pop();
    var fragment = template.content.cloneNode(true);
    var row = fragment.querySelector('[data-row]');
    var d = defaultsOf(last);
    if (d) {
      var format = row.querySelector('select[name$=".format"]');
      var unit = row.querySelector('select[name$=".unit"]');
      if (format) format.value = d.format || '';
      if (unit) unit.value = d.unit || '';
      row.querySelectorAll('input[name$=".topics"]').forEach(function (c) { c.checked = d.topics.indexOf(c.value) >= 0; });
      updateSummary(row);
    }
    rowsBox.appendChild(row);
    renumber();
    setUpRow(row);
    var title = row.querySelector('[data-title-input]');
    if (title) title.focus();
  }

  function updateSummary(row) {
    var span = row.querySelector('[data-new-summary]');
    if (!span) return;
    var d = defaultsOf(row);
    span.textContent = (d.format ? labelOf('formats', d.format) : 'chưa chọn hình thức') + ' · ' + (d.unit ? labelOf('units', d.unit) : 'chưa chọn đơn vị') + ' · ' + d.topics.length + ' nội dung';
  }

  // A change of format, unit or topics carries on to the rows below that nobody has typed in yet.
  function passDown(row) {
    var list = rows();
    var d = defaultsOf(row);
    for (var i = list.indexOf(row) + 1; i < list.length; i++) {
      var next = list[i];
      var title = next.querySelector('[data-title-input]');
      if (!title || title.value.trim()) continue;
      var format = next.querySelector('select[name$=".format"]');
      var unit = next.querySelector('select[name$=".unit"]');
      if (format) format.value = d.format || '';
      if (unit) unit.value = d.unit || '';
      next.querySelectorAll('input[name$=".topics"]').forEach(function (c) { c.checked = d.topics.indexOf(c.value) >= 0; });
      updateSummary(next);
    }
  }

  function rowAction(row, action, button) {
    var list = rows();
    var i = list.indexOf(row);
    if (action === 'up' && i > 0) rowsBox.insertBefore(row, list[i - 1]);
    else if (action === 'down' && i < list.length - 1) rowsBox.insertBefore(list[i + 1], row);
    else if (action === 'remove') {
      var next = list[i + 1] || list[i - 1];
      row.remove();
      if (!rows().length) addRow();
      renumber();
      var focus = next && next.querySelector('input:not([type=hidden]), button');
      if (focus) focus.focus();
      return;
    }
    renumber();
    button.focus();
  }

  // Title box: a combobox of existing items; choosing one makes the row a re-air of it.
  function setUpRow(row) {
    row.querySelectorAll('[data-row-action]').forEach(function (button) {
      var action = button.getAttribute('data-row-action');
      if (action === 'clear') return;
      button.addEventListener('click', function (e) { e.preventDefault(); rowAction(row, action, button); });
    });
    row.querySelectorAll('details.new-item select, details.new-item input[type=checkbox]').forEach(function (el) {
      el.addEventListener('change', function () { updateSummary(row); passDown(row); });
    });
    var input = row.querySelector('[data-title-input]');
    var list = row.querySelector('[data-suggest]');
    var hidden = row.querySelector('[data-item-id]');
    var details = row.querySelector('details.new-item');
    if (!input || !list || !hidden) return;
    var timer = null;
    var options = [];
    var active = -1;
    var note = document.createElement('p');
    note.className = 'chosen-note';
    note.hidden = true;
    input.parentNode.insertBefore(note, list);
    var change = document.createElement('button');
    change.type = 'button';
    change.className = 'secondary small';
    change.textContent = 'Bỏ chọn, nhập tin bài mới';
    change.hidden = true;
    note.after(change);
    list.id = input.id.replace(/title$/, 'suggest');
    input.setAttribute('aria-controls', list.id);

    function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; }
    function highlight(n) {
      options.forEach(function (o, k) { o.el.setAttribute('aria-selected', k === n ? 'true' : 'false'); });
      active = n;
      if (n >= 0) input.setAttribute('aria-activedescendant', options[n].el.id);
    }
    function choose(item) {
      hidden.value = String(item.id);
      input.value = item.title;
      input.readOnly = true;
      note.textContent = 'Phát lại: ' + labelOf('formats', item.format) + ' · ' + labelOf('units', item.unit) + (item.lastAiring ? ' · phát gần nhất ' + fmtAt(item.lastAiring.at) : '');
      note.hidden = false;
      change.hidden = false;
      if (details) { details.hidden = true; details.querySelectorAll('select, input').forEach(function (el) { el.disabled = true; }); }
      var duration = row.querySelector('input[name$=".durationSeconds"]');
      if (duration && !duration.value && item.lastAiring) duration.value = fmtDuration(item.lastAiring.durationSeconds);
      close();
      var plays = row.querySelector('input[name$=".playCount"]');
      if (plays) plays.focus();
    }
    change.addEventListener('click', function () {
      hidden.value = '';
      input.readOnly = false;
      note.hidden = true;
      change.hidden = true;
      if (details) { details.hidden = false; details.querySelectorAll('select, input').forEach(function (el) { el.disabled = false; }); }
      input.focus();
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch(withCommune('/api/v1/items?pageSize=8&q=' + encodeURIComponent(q)), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data || input.value.trim() !== q) return;
            list.textContent = '';
            options = data.items.map(function (item, k) {
              var li = document.createElement('li');
              li.id = list.id + '-' + k;
              li.setAttribute('role', 'option');
              var strong = document.createElement('strong');
              strong.textContent = item.title;
              var small = document.createElement('small');
              small.textContent = labelOf('formats', item.format) + ' · ' + labelOf('units', item.unit) + (item.lastAiring ? ' · phát gần nhất ' + fmtAt(item.lastAiring.at) : ' · chưa phát');
              li.appendChild(strong);
              li.appendChild(document.createElement('br'));
              li.appendChild(small);
              li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(item); });
              list.appendChild(li);
              return { el: li, item: item };
            });
            if (data.total > options.length) {
              var more = document.createElement('li');
              more.className = 'muted';
              more.textContent = 'Còn ' + (data.total - options.length) + ' tin bài khác: gõ thêm để thu hẹp.';
              list.appendChild(more);
            }
            list.hidden = !options.length;
            input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
            highlight(-1);
          })
          .catch(function () { close(); });
      }, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(options.length - 1, active + 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(-1, active - 1)); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options[active].item); }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  rows().forEach(setUpRow);
  var add = form.querySelector('[data-add-row]');
  if (add) add.addEventListener('click', function (e) { e.preventDefault(); addRow(); });
})();
