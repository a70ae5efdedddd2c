/* Type-ahead pickers: Tom Select on every select (or text input) marked data-picker (see core/widgets.py).
 *
 * data-picker-url: search on the server as the user types (long registries); the answer is
 *   {"results": [{"value": ..., "text": ...}]}. Without it the rendered options are searched in the page.
 * data-picker-none / data-picker-placeholder: translated texts from the server.
 * Texts from the server are rendered by Tom Select's escaping templates or as textContent, never as HTML.
 */
(function () {
  "use strict";

  function textDiv(className, text) {
    var div = document.createElement("div");
    div.className = className;
    div.textContent = text;
    return div;
  }

  function remoteLoad(url) {
    return function (query, callback) {
      var picker = this;
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (picker.inputValue() !== query) { // a late answer to an earlier text: drop it
            callback();
            return;
          }
          picker.clearOptions(); // only this answer's matches (the chosen ones stay)
          callback(data.results || []);
        })
        .catch(function () { callback(); });
    };
  }

  function initPicker(el) {
    if (el.tomselect || typeof window.TomSelect === "undefined") {
      return;
    }
    var none = el.dataset.pickerNone || "";
    // the blank choice ("All" in filters, "— choose —" in forms) becomes the placeholder, and a clear button
    // brings it back; so typing always searches instead of editing a chosen "All"
    var blank = el.tagName === "SELECT" ? el.querySelector("option[value='']") : null;
    var options = {
      allowEmptyOption: false,
      maxOptions: 300,
      plugins: [],
      placeholder: blank ? blank.textContent : (el.dataset.pickerPlaceholder || ""),
      render: {
        no_results: function () { return textDiv("no-results", none); },
      },
    };
    if (el.multiple) {
      options.plugins.push("remove_button");
    } else if (blank) {
      options.plugins.push("clear_button");
    }
    if (el.dataset.pickerUrl) {
      options.valueField = "value";
      options.labelField = "text";
      options.searchField = ["text"];
      options.load = remoteLoad(el.dataset.pickerUrl);
      // the server already matched (CAS RN, names, codes): keep its answers, do not filter them again here
      options.score = function () { return function () { return 1; }; };
    }
    if (el.tagName === "INPUT") {
      // free text stays possible (a name instead of a CAS RN); the suggestions only help
      var use = el.dataset.pickerCreate || "";
      options.maxItems = 1;
      options.create = true;
      options.createOnBlur = true;
      options.persist = false;
      options.render.option_create = function (data) {
        return textDiv("create", (use ? use + " " : "") + data.input);
      };
    }
    new window.TomSelect(el, options);
  }

  // The pickers' own rules (a chosen long name stays on one line) are in npgov.css: the CSP allows no inline style.

  function initAll(root) {
    (root || document).querySelectorAll("select[data-picker], input[data-picker]").forEach(initPicker);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
  window.npgovPickers = { init: initAll };
})();
