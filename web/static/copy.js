// "Sao chép" buttons: copy the text of the element named by data-copy; a
// provision's button puts its pinpoint ("khoản 2 Điều 3") before it, as
// kb/cite.format_citation does. "Đã sao chép" goes back to the button's own
// label after a few seconds, so the next copy is acknowledged too.
var COPIED_FOR_MS = 3000;
document.addEventListener("click", function (ev) {
  var button = ev.target.closest("button.copy");
  if (!button) return;
  var source = document.querySelector(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.textContent;
  var pin = button.getAttribute("data-pinpoint");
  if (pin) text = pin + " " + text;
  if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
  var done = function () {
    button.textContent = "Đã sao chép";
    button.setAttribute("data-copied", text);
    announce("Đã sao chép: " + text);
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, COPIED_FOR_MS);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, done);
  } else {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area); done();
  }
});

// A button named by aria-label ("Trích dẫn Điều 3") does not read its new text
// aloud; one polite status line on the page does.
function announce(message) {
  var live = document.getElementById("copy-status");
  if (!live) {
    live = document.createElement("p");
    live.id = "copy-status"; live.className = "sr-only"; live.setAttribute("role", "status");
    document.body.appendChild(live);
  }
  live.textContent = message;
}
