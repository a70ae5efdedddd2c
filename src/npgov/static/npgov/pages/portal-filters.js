/* The public statistics filters (portal/statistics/_filters.html): a changed select shows its result at once. */
(function () {
  "use strict";
  document.querySelectorAll("#monitoring-filters select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();
