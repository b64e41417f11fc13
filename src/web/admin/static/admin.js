/* global document, window, FileReader */
// Small enhancements only; every page works without this file.
(function () {
  // Population import: read a chosen CSV file into the text area.
  var file = document.getElementById('population-file');
  var area = document.getElementById('population-csv');
  if (file && area) {
    file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var r = new FileReader();
      r.onload = function () { area.value = String(r.result || ''); };
      r.readAsText(f);
    });
  }
  // Confirmation before irreversible actions.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
})();
