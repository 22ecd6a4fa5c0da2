// "Sao chép" buttons: copy the text of the element named by data-copy; a
// provision's button puts its pinpoint ("khoản 2 Điều 3") before it, as
// kb/cite.format_citation does.
document.addEventListener("click", function (ev) {
  var button = ev.target.closest("button.copy");
  if (!button) return;
  var source = document.querySelector(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.textContent;
  var pin = button.getAttribute("data-pinpoint");
  if (pin) text = pin + " " + text;
  var done = function () { button.textContent = "Đã sao chép"; button.setAttribute("data-copied", text); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, done);
  } else {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area); done();
  }
});
