// Progressive enhancement only: every form works without this file.
(function () {
  'use strict';

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

  // Live search of items while typing, using the same API as scripts.
  function setUpItemSearch() {
    var input = document.querySelector('[data-item-search]');
    var box = document.querySelector('[data-item-choices]');
    if (!input || !box) return;
    var timer = null;
    var legend = box.querySelector('legend');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q) return;
        fetch('/api/v1/items?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) return;
            var checked = box.querySelector('input[name="itemId"]:checked');
            box.querySelectorAll('label.choice, p.muted').forEach(function (el) {
              if (!el.contains(checked)) el.remove();
            });
            if (legend) legend.textContent = 'Kết quả tìm (' + data.total + ')';
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
  }

  document.addEventListener('DOMContentLoaded', function () {
    setUpCopy();
    var period = document.querySelector('[data-period-select]');
    if (period) { period.addEventListener('change', syncPeriod); syncPeriod(); }
    document.querySelectorAll('input[data-mode]').forEach(function (r) { r.addEventListener('change', syncModes); });
    var channel = document.querySelector('[data-channel-select]');
    if (channel) channel.addEventListener('change', syncChannel);
    syncModes();
    syncChannel();
    setUpItemSearch();
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
  });
})();
