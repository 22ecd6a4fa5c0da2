// Autocomplete of document numbers in the search box: while the user types
// a number ("61/20", "nd 61/20"), the documents whose number starts so are
// offered (from /api/suggest) in the box's native list.
(function () {
  var input = document.querySelector("input[data-suggest]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null, last = "";
  function prefix(value) {
    var m = /^\s*(?:[A-Za-zĐđ]{1,6}\s+)?(\d[\w\/\-Đđ]*)\s*$/.exec(value);
    return m ? m[1] : null;
  }
  function fill(items) {
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (d) {
      var o = document.createElement("option");
      o.value = d.number;
      o.label = ((d.doc_type || "") + " " + d.number + " — " + (d.title || "")).trim();
      o.textContent = o.label;
      list.appendChild(o);
    });
  }
  input.addEventListener("input", function () {
    var p = prefix(input.value);
    clearTimeout(timer);
    if (!p || p.length < 2) { fill([]); last = ""; return; }
    timer = setTimeout(function () {
      if (p === last) return;
      last = p;
      fetch("/api/suggest?q=" + encodeURIComponent(p), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (prefix(input.value) === p) fill(items); })
        .catch(function () { fill([]); });
    }, 150);
  });
})();
