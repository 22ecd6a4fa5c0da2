// The site menu folds behind a "Menu" button on narrow screens (style.css,
// under `.js`); without scripts the links simply stay shown.
(function () {
  document.documentElement.classList.add("js");
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  });
})();
