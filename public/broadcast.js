// The broadcast form (Ghi buổi phát): rows added, removed and reordered in place, a row's choices applied to
// the rows below, and items found while typing a title. Progressive enhancement only: without this file
// the same buttons ask the server.
(function () {
  'use strict';
  var withCommune = window.cchcWithCommune || function (url) { return url; };
  var form = document.querySelector('[data-broadcast-form]');
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
    var list = rows();
    list.forEach(function (row, i) {
      row.querySelectorAll('[name], [id], [for], [aria-describedby], [aria-controls]').forEach(function (el) {
        ['name', 'id', 'for', 'aria-describedby', 'aria-controls'].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v && /entries\.\d+\./.test(v)) el.setAttribute(attr, v.replace(/entries\.\d+\./g, 'entries.' + i + '.'));
        });
      });
      row.querySelectorAll('button[name="edit"]').forEach(function (b) { b.value = b.value.replace(/:(\d+)/, ':' + i); });
      var no = row.querySelector('[data-row-no]');
      if (no) no.textContent = String(i + 1);
      var apply = row.querySelector('[data-apply-below]');
      if (apply) apply.hidden = i === list.length - 1;
    });
  }

  // A new row's format, unit and topics, as chosen in its boxes.
  function choicesOf(row) {
    var get = function (f) { var el = row.querySelector('select[name$=".' + f + '"]'); return el ? el.value : ''; };
    var topics = Array.prototype.map.call(row.querySelectorAll('input[name$=".topics"]:checked'), function (c) { return c.value; });
    return { format: get('format'), unit: get('unit'), topics: topics };
  }
  function setChoices(row, d) {
    var format = row.querySelector('select[name$=".format"]');
    var unit = row.querySelector('select[name$=".unit"]');
    if (format) format.value = d.format;
    if (unit) unit.value = d.unit;
    row.querySelectorAll('input[name$=".topics"]').forEach(function (c) { c.checked = d.topics.indexOf(c.value) >= 0; });
    updateSummary(row);
  }

  // The line that says what a new row still needs, or what it will be (the server writes the same).
  function updateSummary(row) {
    var span = row.querySelector('[data-new-summary]');
    if (!span) return;
    var d = choicesOf(row);
    var shown = function (f) { var el = row.querySelector('select[name$=".' + f + '"]'); return el.options[el.selectedIndex].text; };
    var missing = [];
    if (!d.format) missing.push('hình thức');
    if (!d.unit) missing.push('đơn vị');
    if (!d.topics.length) missing.push('nội dung tuyên truyền');
    span.textContent = missing.length ? 'còn thiếu: ' + missing.join(', ') : shown('format') + ' · ' + shown('unit') + ' · ' + d.topics.length + ' nội dung';
  }

  // "Áp dụng cho các dòng dưới": this row's choices to every new row below it, said where it was asked.
  function applyBelow(row) {
    var list = rows();
    var d = choicesOf(row);
    var done = [];
    for (var i = list.indexOf(row) + 1; i < list.length; i++) {
      var block = list[i].querySelector('[data-new-item]');
      if (!block || block.querySelector('select:disabled')) continue;
      setChoices(list[i], d);
      done.push(i + 1);
    }
    var status = row.querySelector('[data-apply-status]');
    if (status) status.textContent = done.length ? 'Đã áp dụng cho tin bài ' + done.join(', ') + '.' : 'Không có tin bài mới nào ở dưới.';
  }

  // A row added here starts empty, as the server's does: it never takes the topics of the row above unasked.
  function addRow() {
    var row = template.content.cloneNode(true).querySelector('[data-row]');
    rowsBox.appendChild(row);
    renumber();
    setUpRow(row);
    var title = row.querySelector('[data-title-input]');
    if (title) title.focus();
  }

  function rowAction(row, action, button) {
    var list = rows();
    var i = list.indexOf(row);
    if (action === 'apply') return applyBelow(row);
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

  // The next field (not a button) a keyboard would reach after `el`.
  function focusAfter(el) {
    var fields = Array.prototype.filter.call(form.querySelectorAll('input, select, textarea'), function (f) {
      return f === el || (!f.disabled && f.type !== 'hidden' && f.tabIndex >= 0 && f.getClientRects().length > 0);
    });
    var next = fields[fields.indexOf(el) + 1];
    if (next) next.focus();
  }

  function setUpRow(row) {
    row.querySelectorAll('[data-row-action]').forEach(function (button) {
      var action = button.getAttribute('data-row-action');
      if (action === 'clear') return;
      button.addEventListener('click', function (e) { e.preventDefault(); rowAction(row, action, button); });
    });
    row.querySelectorAll('[data-new-item] select, [data-new-item] input[type=checkbox]').forEach(function (el) {
      el.addEventListener('change', function () {
        updateSummary(row);
        var status = row.querySelector('[data-apply-status]');
        if (status) status.textContent = '';
      });
    });
    setUpTitle(row);
  }

  // Title box: a combobox of existing items; choosing one makes the row a re-air of it. A new title opens
  // the row's format, unit and topics. Enter here never saves the broadcast: it takes the highlighted
  // suggestion (the first when one is shown, or the one a search under way finds), else moves on.
  function setUpTitle(row) {
    var input = row.querySelector('[data-title-input]');
    var list = row.querySelector('[data-suggest]');
    var hidden = row.querySelector('[data-item-id]');
    var block = row.querySelector('[data-new-item]');
    if (!input || !list || !hidden) return;
    var timer = null;
    var searching = null;
    var enterWanted = false;
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
    // A row nobody has typed in keeps its new-item boxes out of the way until a title is typed.
    if (block && !input.value.trim() && !row.querySelector('.field-error')) block.hidden = true;

    function showBlock(on) {
      if (!block) return;
      block.hidden = !on;
      block.querySelectorAll('select, input, button').forEach(function (el) { el.disabled = !on; });
    }
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
      showBlock(false);
      var duration = row.querySelector('input[name$=".durationSeconds"]');
      if (duration && !duration.value && item.lastAiring) duration.value = fmtDuration(item.lastAiring.durationSeconds);
      close();
      var plays = row.querySelector('input[name$=".playCount"]');
      if (plays) plays.focus();
    }
    // A search under way outranks the list still shown for fewer letters, unless an option was highlighted.
    function onEnter() {
      if (input.readOnly) focusAfter(input);
      else if (active >= 0 && !list.hidden) choose(options[active].item);
      else if (searching !== null) {
        enterWanted = true;
        if (timer) { clearTimeout(timer); search(searching); }
      } else if (!list.hidden && options.length) choose(options[0].item);
      else focusAfter(input);
    }
    function show(data) {
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
      var open = options.length > 0 && document.activeElement === input;
      list.hidden = !open;
      input.setAttribute('aria-expanded', open ? 'true' : 'false');
      highlight(-1);
    }
    function search(q) {
      timer = null;
      fetch(withCommune('/api/v1/items?pageSize=8&q=' + encodeURIComponent(q)), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (input.value.trim() !== q) return;
          searching = null;
          var wanted = enterWanted;
          enterWanted = false;
          if (data && wanted && data.items.length) choose(data.items[0]);
          else if (data) show(data);
          if (wanted && !input.readOnly) focusAfter(input);
        })
        .catch(function () {
          searching = null;
          close();
          if (enterWanted) { enterWanted = false; focusAfter(input); }
        });
    }

    change.addEventListener('click', function () {
      hidden.value = '';
      input.readOnly = false;
      note.hidden = true;
      change.hidden = true;
      showBlock(true);
      input.focus();
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = null;
      enterWanted = false;
      var q = input.value.trim();
      if (q && block && block.hidden && !input.readOnly) block.hidden = false;
      searching = q.length < 2 ? null : q;
      if (searching === null) { close(); return; }
      timer = setTimeout(function () { search(q); }, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); onEnter(); return; }
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(options.length - 1, active + 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(-1, active - 1)); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    // A phone's ↵/Go key may submit the form without a keydown of Enter: the guard below sends it here.
    input.addEventListener('broadcast:enter', onEnter);
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }

  rows().forEach(setUpRow);
  var add = form.querySelector('[data-add-row]');
  if (add) add.addEventListener('click', function (e) { e.preventDefault(); addRow(); });
  // An implicit submission (Enter, or a phone's Go key) from a title box does what Enter does there.
  form.addEventListener('submit', function (e) {
    var focused = document.activeElement;
    var implicit = e.submitter === null || (e.submitter && e.submitter.classList.contains('default-submit'));
    if (!implicit || !focused || !focused.matches('[data-title-input]') || !form.contains(focused)) return;
    e.preventDefault();
    focused.dispatchEvent(new CustomEvent('broadcast:enter'));
  });
})();
