// Progressive enhancement only: every form works without this file.
(function () {
  'use strict';

  // An account that serves several communes: each page works in the commune it was drawn for, even
  // after another tab switched to another one (the server remembers the last choice): its forms and
  // its own requests name that commune.
  var commune = document.body.getAttribute('data-commune');
  function withCommune(url) {
    if (!commune) return url;
    var u = new URL(url, location.href);
    if (!u.searchParams.has('commune')) u.searchParams.set('commune', commune);
    return u.pathname + u.search + u.hash;
  }
  // For the page scripts that load after this one (broadcast.js).
  window.cchcWithCommune = withCommune;
  if (commune) {
    document.addEventListener('submit', function (e) {
      var form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      if ((form.getAttribute('method') || 'get').toLowerCase() === 'post') {
        form.action = withCommune(form.getAttribute('action') || location.href);
      } else if (!form.elements.namedItem('commune')) {
        var field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'commune';
        field.value = commune;
        form.appendChild(field);
      }
    }, true);
  }

  // The header's menu (a details element, which works without this): kept open on wide screens by
  // browsers that cannot show a closed details' content through CSS; Escape closes it, back on its button.
  (function setUpMenu() {
    var menu = document.querySelector('details[data-menu]');
    if (!menu) return;
    var cssShows = window.CSS && CSS.supports && CSS.supports('selector(::details-content)');
    if (!cssShows && window.matchMedia) {
      var wide = window.matchMedia('(min-width: 64rem)');
      var sync = function () { menu.open = wide.matches; menu.classList.toggle('menu-static', wide.matches); };
      sync();
      if (wide.addEventListener) wide.addEventListener('change', sync); else if (wide.addListener) wide.addListener(sync);
    }
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || !menu.open || !menu.contains(document.activeElement)) return;
      var summary = menu.querySelector('summary');
      if (!summary || !summary.offsetParent) return;
      menu.open = false;
      summary.focus();
    });
  })();

  // Record form: show the panel of the chosen item mode ("Tin bài đã có" / "Tin bài mới").
  function syncModes() {
    var checked = document.querySelector('input[data-mode]:checked');
    if (!checked) return;
    document.querySelectorAll('[data-mode-panel]').forEach(function (panel) {
      var on = panel.getAttribute('data-mode-panel') === checked.value;
      panel.hidden = !on;
      panel.querySelectorAll('input, select, textarea, button').forEach(function (el) {
        if (el.name !== 'itemQ' && el.type !== 'submit') el.disabled = !on;
      });
    });
  }

  // Show only the fields that apply to the chosen channel; hidden ones are disabled, so not sent.
  function syncChannel() {
    var select = document.querySelector('[data-channel-select]');
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var kind = option ? option.getAttribute('data-kind') : null;
    document.querySelectorAll('[data-for-kind]').forEach(function (block) {
      var on = !kind || block.getAttribute('data-for-kind').split(' ').indexOf(kind) >= 0;
      block.hidden = !on;
      block.querySelectorAll('input, select, textarea').forEach(function (el) { el.disabled = !on; });
    });
  }

  // Labels of the vocabulary's codes, fetched once for pages that show API results.
  var vocab = null;
  function loadVocabulary() {
    return fetch(withCommune('/api/v1/vocabulary'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { vocab = v; })
      .catch(function () { /* codes are shown instead */ });
  }
  function labelOf(list, code) {
    if (!vocab || !vocab[list]) return code;
    for (var i = 0; i < vocab[list].length; i++) if (vocab[list][i].code === code) return vocab[list][i].label;
    return code;
  }
  function fmtAt(at) { return at.slice(8, 10) + '/' + at.slice(5, 7) + '/' + at.slice(0, 4) + ' ' + at.slice(11, 16); }

  // Topics fold into one line on phones; open on wide screens; the line says what is chosen.
  function setUpTopics() {
    document.querySelectorAll('[data-topics-box]').forEach(function (box) {
      if (window.matchMedia && window.matchMedia('(min-width: 48rem)').matches) box.open = true;
      var line = box.querySelector('[data-topics-summary]');
      box.addEventListener('change', function () {
        var chosen = Array.prototype.map.call(box.querySelectorAll('input[type=checkbox]:checked'), function (c) { return c.parentNode.textContent.trim(); });
        if (line) line.textContent = chosen.length ? chosen.join('; ') : 'chưa chọn';
      });
    });
  }

  // Live search of items while typing, using the same API as scripts. Enter in the search box
  // searches; Enter anywhere else in the form saves (the form's first button is its save button).
  function setUpItemSearch() {
    var input = document.querySelector('[data-item-search]');
    var box = document.querySelector('[data-item-choices]');
    if (!input || !box) return;
    loadVocabulary();
    input.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      var search = input.form && input.form.querySelector('button[name="search"]');
      if (search) search.click();
    });
    var timer = null;
    var legend = box.querySelector('legend');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q) return;
        fetch(withCommune('/api/v1/items?pageSize=30&q=' + encodeURIComponent(q)), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) return;
            var checked = box.querySelector('input[name="itemId"]:checked');
            box.querySelectorAll('label.choice, p.muted').forEach(function (el) {
              if (!el.contains(checked)) el.remove();
            });
            if (legend) legend.textContent = 'Kết quả tìm (' + (data.total > data.items.length ? data.items.length + '/' + data.total + ', gõ thêm để thu hẹp' : data.total) + ')';
            data.items.forEach(function (item) {
              if (checked && checked.value === String(item.id)) return;
              var label = document.createElement('label');
              label.className = 'check choice';
              var radio = document.createElement('input');
              radio.type = 'radio';
              radio.name = 'itemId';
              radio.value = String(item.id);
              var span = document.createElement('span');
              var strong = document.createElement('strong');
              strong.textContent = item.title;
              span.appendChild(strong);
              var small = document.createElement('small');
              small.textContent = labelOf('formats', item.format) + ' · ' + labelOf('units', item.unit) + ' · ' + (item.lastAiring ? 'phát gần nhất ' + fmtAt(item.lastAiring.at) : 'chưa phát');
              span.appendChild(document.createTextNode(' '));
              span.appendChild(small);
              label.appendChild(radio);
              label.appendChild(document.createTextNode(' '));
              label.appendChild(span);
              box.appendChild(label);
            });
            if (!data.items.length) {
              var p = document.createElement('p');
              p.className = 'muted';
              p.textContent = 'Không có tin bài nào khớp với từ khóa.';
              box.appendChild(p);
            }
          })
          .catch(function () { /* the Tìm button still works */ });
      }, 250);
    });
  }

  // Record form: a post from its link. Pasting (or typing) a link asks the server to read the page; what
  // it says fills the title, the date and time and the channel, each only where the user has not typed:
  // an empty box, a default the form opened with, or what an earlier link filled. A line says what was
  // filled, for the user to check before saving. Values are set as text, never as markup.
  function setUpLinkPreview() {
    var input = document.querySelector('[data-link-preview]');
    var status = document.querySelector('[data-link-status]');
    if (!input || !status || !input.form) return;
    var form = input.form;
    var fresh = form.hasAttribute('data-fresh');
    var asked = '';
    function field(name) { return form.querySelector('[name="' + name + '"]'); }
    function fillable(el) {
      if (!el || el.disabled) return false;
      if (el.getAttribute('data-link-filled') === el.value) return true;
      if (el.tagName === 'SELECT') {
        var option = el.options[el.selectedIndex];
        return !el.value || (fresh && !!option && option.defaultSelected);
      }
      return el.value.trim() === '' || (fresh && el.value === el.defaultValue && el.name !== 'title');
    }
    function put(el, value) {
      el.value = value;
      el.setAttribute('data-link-filled', value);
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    function show(text, refused) {
      status.textContent = text;
      status.classList.toggle('refused', !!refused);
    }
    function fill(p) {
      var filled = [];
      var missing = [];
      var newItem = form.querySelector('input[data-mode][value="new"]');
      var title = field('title');
      if (p.title && newItem && newItem.checked && fillable(title)) { put(title, p.title); filled.push('tiêu đề'); }
      else if (!p.title) missing.push('tiêu đề');
      var date = field('date');
      var time = field('time');
      if (p.publishedAt && fillable(date) && fillable(time)) {
        put(date, p.publishedAt.slice(8, 10) + '/' + p.publishedAt.slice(5, 7) + '/' + p.publishedAt.slice(0, 4));
        put(time, p.publishedAt.slice(11, 16));
        filled.push('ngày giờ đăng ' + fmtAt(p.publishedAt));
      } else if (!p.publishedAt) missing.push('ngày giờ đăng');
      var channel = field('channel');
      if (p.channel && fillable(channel) && channel.querySelector('option[value="' + p.channel + '"]')) {
        put(channel, p.channel);
        filled.push('kênh ' + channel.options[channel.selectedIndex].text);
      }
      var text = filled.length ? 'Đã điền từ trang: ' + filled.join(', ') + '. Kiểm tra lại rồi lưu.' : 'Trang không có gì điền thêm được vào các ô còn trống.';
      if (missing.length) text += ' Trang không ghi ' + missing.join(', ') + ': hãy nhập tay.';
      show(text, false);
    }
    function ask() {
      var url = input.value.trim();
      if (!/^https?:\/\/\S+$/i.test(url) || url === asked) return;
      asked = url;
      show('Đang đọc trang…', false);
      var body = new URLSearchParams();
      body.set('_csrf', field('_csrf').value);
      body.set('url', url);
      fetch(withCommune('/entries/link-preview'), { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(), credentials: 'same-origin' })
        .then(function (r) { return r.json().then(function (json) { return { ok: r.ok, json: json }; }); })
        .then(function (res) {
          if (input.value.trim() !== url) return;
          if (res.ok) fill(res.json);
          else show((res.json && res.json.error) || 'Không đọc được trang này: hãy nhập tay.', true);
        })
        .catch(function () { if (input.value.trim() === url) show('Không đọc được trang lúc này: hãy nhập tay.', true); });
    }
    input.addEventListener('paste', function () { setTimeout(ask, 0); });
    input.addEventListener('change', ask);
  }

  // After a save, the next record starts at its title, in view on a phone too (the card of what was
  // just saved above it, when there is room for both).
  function focusNextRecord() {
    var form = document.querySelector('form.record-form[data-after-save]');
    if (!form || document.getElementById('error-summary')) return;
    var newItem = form.querySelector('input[data-mode][value="new"]');
    var title = form.querySelector('[name="title"]');
    if (!title || !newItem || !newItem.checked || title.disabled) return;
    var card = document.querySelector('.saved-card');
    if (card) card.scrollIntoView({ block: 'start' });
    var box = title.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) title.scrollIntoView({ block: 'center' });
    title.focus({ preventScroll: true });
  }

  // Report sentence: a copy button (the textarea can always be selected by hand).
  function setUpCopy() {
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      var target = document.getElementById(button.getAttribute('data-copy'));
      var status = document.querySelector('[data-copy-status]');
      if (!target) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        var done = function () { if (status) status.textContent = 'Đã sao chép vào bộ nhớ tạm.'; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(target.value).then(done, function () { target.select(); document.execCommand('copy'); done(); });
        } else {
          target.select();
          document.execCommand('copy');
          done();
        }
      });
    });
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () { window.print(); });
    });
  }

  // Report period control: the year applies to presets that have one; dates to a custom range.
  function syncPeriod() {
    var select = document.querySelector('[data-period-select]');
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var needsYear = option && option.getAttribute('data-needs-year') === 'true';
    var custom = select.value === 'custom';
    document.querySelectorAll('[data-period-year]').forEach(function (el) {
      el.hidden = !needsYear;
      el.querySelectorAll('input').forEach(function (i) { i.disabled = !needsYear; });
    });
    document.querySelectorAll('[data-period-custom]').forEach(function (el) {
      el.hidden = !custom;
      el.querySelectorAll('input').forEach(function (i) { i.disabled = !custom; });
    });
    var needsMonth = option && option.getAttribute('data-needs-month') === 'true';
    document.querySelectorAll('[data-period-month]').forEach(function (el) {
      el.hidden = !needsMonth;
      el.querySelectorAll('select').forEach(function (i) { i.disabled = !needsMonth; });
    });
  }

  // A box that ticks or clears every box of a list (the classification page's items).
  function setUpCheckAll() {
    document.querySelectorAll('[data-check-all]').forEach(function (all) {
      var form = all.form;
      var boxes = form ? form.querySelectorAll('input[type="checkbox"][name="' + all.getAttribute('data-check-all') + '"]:not([disabled])') : [];
      if (!boxes.length) return;
      var wrap = all.closest('[data-check-all-box]');
      if (wrap) wrap.hidden = false;
      all.addEventListener('change', function () { boxes.forEach(function (b) { b.checked = all.checked; }); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    setUpCopy();
    setUpCheckAll();
    var period = document.querySelector('[data-period-select]');
    if (period) { period.addEventListener('change', syncPeriod); syncPeriod(); }
    document.querySelectorAll('input[data-mode]').forEach(function (r) { r.addEventListener('change', syncModes); });
    var channel = document.querySelector('[data-channel-select]');
    if (channel) channel.addEventListener('change', syncChannel);
    syncModes();
    syncChannel();
    setUpItemSearch();
    setUpLinkPreview();
    setUpTopics();
    // A date or time filled in for the user is replaced by what is typed, not added to.
    document.querySelectorAll('[data-select-on-focus]').forEach(function (input) {
      var justFocused = false;
      input.addEventListener('focus', function () { input.select(); justFocused = true; setTimeout(function () { justFocused = false; }, 300); });
      input.addEventListener('mouseup', function (e) { if (justFocused) e.preventDefault(); });
    });
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
    else focusNextRecord();
  });
})();
