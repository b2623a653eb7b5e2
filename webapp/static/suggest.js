/* Suggestions as you type: an <input data-suggest="people|units|villages|regions"> gets a list of the
   people, units, villages or regions (county, townships, villages) whose name, pinyin or code fits what
   is typed (/api/suggest/KIND), each with what tells namesakes apart (work unit and post; a village's
   township). Choosing one puts “名称（编号）” in the field, which the server resolves to exactly that one. */
(function () {
  "use strict";
  var base = document.body.getAttribute("data-suggest-url") || "/api/suggest/";
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), function (input, i) {
    // a field may come with choices of its own (a region field: the townships), shown until one types
    var list = input.list;
    if (!list) {
      list = document.createElement("datalist");
      list.id = "suggest-" + i;
      input.setAttribute("list", list.id);
      input.parentNode.appendChild(list);
    }
    input.setAttribute("autocomplete", "off");
    var initial = list.innerHTML, timer = null, asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q) { list.innerHTML = initial; asked = ""; return; }
        if (q === asked || /（[^（）]+）$/.test(q)) { return; }
        asked = q;
        fetch(base + input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
          .then(function (data) {
            list.textContent = "";
            data.suggestions.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.value;
              option.label = s.detail ? s.name + " · " + s.detail : s.name;
              option.textContent = option.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
