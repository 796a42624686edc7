// The import form: shows how far the upload is and how long the check has been running, so a large
// file never leaves the page silent. Without this file the form posts as usual.
(function () {
  'use strict';
  var form = document.querySelector('[data-import-form]');
  var status = document.querySelector('[data-import-progress]');
  if (!form || !status || !window.XMLHttpRequest) return;
  form.addEventListener('submit', function (e) {
    var input = form.querySelector('input[type=file]');
    if (!input || !input.files || !input.files.length) return;
    e.preventDefault();
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    var xhr = new XMLHttpRequest();
    var started = 0;
    var timer = null;
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (ev) {
      if (ev.lengthComputable) status.textContent = 'Đang tải tệp lên: ' + Math.round((ev.loaded / ev.total) * 100) + '%';
    });
    xhr.upload.addEventListener('load', function () {
      started = Date.now();
      status.textContent = 'Đã tải lên. Đang đọc và kiểm tra từng dòng…';
      timer = setInterval(function () {
        status.textContent = 'Đang đọc và kiểm tra từng dòng… ' + Math.round((Date.now() - started) / 1000) + ' giây';
      }, 1000);
    });
    xhr.addEventListener('load', function () {
      clearInterval(timer);
      document.open();
      document.write(xhr.responseText);
      document.close();
      history.replaceState(null, '', xhr.responseURL || form.action);
    });
    xhr.addEventListener('error', function () {
      clearInterval(timer);
      if (button) button.disabled = false;
      status.textContent = 'Mất kết nối khi tải tệp lên. Vui lòng thử lại.';
    });
    xhr.send(new FormData(form));
  });
})();
