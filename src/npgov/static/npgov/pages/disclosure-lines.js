/* The disclosure editor (portal/disclosures/edit.html): "add a line" clones the empty form's nodes. */
(function () {
  "use strict";
  var add = document.getElementById("add-line");
  var list = document.getElementById("disclosure-lines");
  var total = document.getElementById("id_lines-TOTAL_FORMS");
  var template = document.getElementById("empty-line");
  if (!add || !list || !total || !template) return;
  add.addEventListener("click", function () {
    var index = String(parseInt(total.value, 10));
    // Clone the empty form's nodes and rename its fields: no markup is parsed from strings.
    var row = template.content.firstElementChild.cloneNode(true);
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (node) {
      Array.prototype.forEach.call(node.attributes, function (attr) {
        if (attr.value.indexOf("__prefix__") !== -1) { attr.value = attr.value.split("__prefix__").join(index); }
      });
    });
    list.appendChild(row);
    total.value = String(Number(index) + 1);
    if (window.npgovPickers) { window.npgovPickers.init(row); }
    var first = row.querySelector("select, input");
    if (first) { first.focus(); }
  });
})();
