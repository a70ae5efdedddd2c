/* Page behaviours declared in the markup with data- attributes, so that no page needs inline script or on*=
 * attributes (the Content-Security-Policy allows scripts from this site's static files only):
 *   <form data-confirm="Delete …?">          asks before submitting
 *   <button data-print>                       prints the page
 *   <a data-back href="fallback">             goes back in history (the href is the fallback)
 *   <input data-select-on-focus>              selects its text when focused
 *   <select data-autosubmit>                  submits its form when changed (or every select in a form marked so)
 * Texts come from the attributes and are shown by the browser's own dialogs: never parsed as HTML. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const printer = target.closest("[data-print]");
    if (printer) { event.preventDefault(); window.print(); return; }
    const back = target.closest("a[data-back]");
    if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); return; }
    const confirmer = target.closest("button[data-confirm], a[data-confirm]");
    if (confirmer && !confirmer.form && !window.confirm(confirmer.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("focusin", function (event) {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-focus")) target.select();
  });

  document.addEventListener("change", function (event) {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement || target instanceof HTMLInputElement) || !target.form) return;
    const formWide = target instanceof HTMLSelectElement && target.form.hasAttribute("data-autosubmit");
    if (target.hasAttribute("data-autosubmit") || formWide) {
      if (typeof target.form.requestSubmit === "function") target.form.requestSubmit(); else target.form.submit();
    }
  });
})();
