// The save form of the Cypher editor (templates/cypher.html): add a parameter row, and fill rows
// with the $names the query uses that are not declared yet. The server checks everything again.
(function () {
  "use strict";
  var rows = document.querySelector("#param-rows tbody");
  var text = document.getElementById("cypher-text");
  if (!rows || !text) return;

  function addRow() {
    var last = rows.rows[rows.rows.length - 1];
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    rows.appendChild(row);
    return row;
  }

  function usedNames() {
    // comments and strings are not parameters
    var clean = text.value.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, "''");
    var found = [], re = /\$([A-Za-z_][A-Za-z0-9_]*)/g, m;
    while ((m = re.exec(clean)) !== null) {
      if (found.indexOf(m[1]) < 0) found.push(m[1]);
    }
    return found;
  }

  // how the shipped queries declare a name ($region: a region choice, $as_of: a date …): the server's
  // data-known, the same declarations the server completes an untouched row with
  var known = JSON.parse(rows.closest("table").dataset.known || "{}");

  function fill(row, p) {
    if (!row || !p) return;
    row.querySelector("select[name=p_type]").value = p.type;
    row.querySelector("input[name=p_label]").value = p.label;
    row.querySelector("select[name=p_required]").value = p.required ? "1" : "";
    row.querySelector("input[name=p_default]").value = p.default;
    row.querySelector("input[name=p_choices]").value = p.choices;
  }

  document.getElementById("add-param").addEventListener("click", addRow);
  document.getElementById("find-params").addEventListener("click", function () {
    var inputs = function () { return Array.prototype.slice.call(rows.querySelectorAll("input[name=p_name]")); };
    var declared = inputs().map(function (i) { return i.value.trim(); });
    usedNames().forEach(function (name) {
      if (declared.indexOf(name) >= 0) return;
      var empty = inputs().filter(function (i) { return !i.value.trim(); })[0];
      var input = empty || addRow().querySelector("input[name=p_name]");
      input.value = name;
      declared.push(name);
      fill(input.closest("tr"), known[name]);
    });
  });
})();
