// In-text citations (document and report pages): the popover a citation names
// with aria-describedby (web/citepop.py) shows on hover and on keyboard focus,
// stays while the pointer is over it, and Escape closes it (WCAG 1.4.13).
// On a touch screen there is no hover: the first tap on a citation opens its
// popover, a second tap on it follows the link, a tap elsewhere closes it.
// Without this script the citation is a plain link and the popover stays
// hidden; its text is still the link's accessible description.
(function () {
  var CITE = ".cite[aria-describedby]";
  var LEAVE_MS = 250;            // time to move the pointer from the link onto the popover
  var open = null, anchor = null, timer = null;
  var touch = false, tappedOpen = false;   // this tap is a finger's; its citation's popover was open before it

  function popOf(el) {
    var pop = document.getElementById(el.getAttribute("aria-describedby"));
    return pop && pop.classList.contains("cite-pop") ? pop : null;
  }

  function place(pop, el) {
    // positioned against the page, not an ancestor: moved to the end of body once
    if (pop.parentNode !== document.body) document.body.appendChild(pop);
    var r = el.getClientRects()[0] || el.getBoundingClientRect();
    var room = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, room - pop.offsetWidth - 8));
    var top = r.bottom + 6;
    if (top + pop.offsetHeight > window.innerHeight && r.top - pop.offsetHeight - 6 > 0) {
      top = r.top - pop.offsetHeight - 6;          // no room below: above the link
    }
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = (top + window.scrollY) + "px";
  }

  function show(el) {
    var pop = popOf(el);
    if (!pop) return;
    clearTimeout(timer);
    if (open && open !== pop) hide();
    open = pop; anchor = el;
    pop.hidden = false;
    place(pop, el);
  }

  function hide() {
    clearTimeout(timer);
    if (open) open.hidden = true;
    open = anchor = null;
  }

  function within(node) {
    return node && node.closest ? node.closest(CITE + ", .cite-pop") : null;
  }

  // pointerdown comes before the mouse events a browser makes up for a tap
  // (and before the focus the tap gives): what was open is read here
  document.addEventListener("pointerdown", function (ev) {
    touch = ev.pointerType === "touch" || ev.pointerType === "pen";
    var el = ev.target.closest ? ev.target.closest(CITE) : null;
    tappedOpen = !!(el && open && anchor === el);
  }, true);
  document.addEventListener("pointermove", function (ev) {
    if (ev.pointerType === "mouse") touch = false;     // a mouse again (a laptop with a touch screen)
  }, true);
  document.addEventListener("click", function (ev) {
    if (!touch) return;
    var el = ev.target.closest ? ev.target.closest(CITE) : null;
    if (el && !tappedOpen) {       // first tap: show what the citation is, stay on the page
      ev.preventDefault();
      show(el);
    } else if (!el && open && within(ev.target) !== open) {
      hide();
    }
  });
  document.addEventListener("mouseover", function (ev) {
    if (touch) return;             // made up for a tap: the click decides
    var el = ev.target.closest ? ev.target.closest(CITE) : null;
    if (el) show(el);
    else if (open && within(ev.target) === open) clearTimeout(timer);
  });
  document.addEventListener("mouseout", function (ev) {
    if (touch || !open || document.activeElement === anchor) return;
    var from = within(ev.target), to = within(ev.relatedTarget);
    if (from && from !== to && !(to === open || to === anchor)) {
      clearTimeout(timer);
      timer = setTimeout(hide, LEAVE_MS);
    }
  });
  document.addEventListener("focusin", function (ev) {
    if (touch) return;             // a tap focuses the link: the click decides
    var el = ev.target.closest ? ev.target.closest(CITE) : null;
    if (el) show(el);
    else if (open) hide();
  });
  document.addEventListener("focusout", function (ev) {
    if (!touch && ev.target === anchor) hide();
  });
  document.addEventListener("keydown", function (ev) {
    touch = false;                 // a keyboard: focus shows again
    if (ev.key === "Escape" && open) hide();
  });
})();
