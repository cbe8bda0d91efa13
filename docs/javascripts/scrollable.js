/* Keyboard access to boxes that scroll (axe rule "scrollable-region-focusable").
 *
 * A notebook's code cells and outputs, and wide tables, scroll sideways when their lines are
 * longer than the page is wide. A mouse user can scroll them; a keyboard user can only if the
 * box takes focus. Each box in the page's content that scrolls gets tabindex="0" (then the
 * arrow keys scroll it) and a name that says what it holds, so a screen reader announces
 * "Code, region" rather than nothing. Boxes that fit lose the tab stop again, so the tab order
 * holds only what needs it; this is re-checked when the window changes size.
 */
(function () {
  "use strict";

  var BOXES = "article div, article pre, article code, article table";
  var MARK = "data-scroll-label";

  function scrolls(el) {
    var style = getComputedStyle(el);
    var sideways = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    var down = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return sideways || down;
  }

  function label(el) {
    if (el.closest(".jp-OutputArea")) return "Output";
    if (el.closest(".jp-InputArea, pre, code") || el.matches(".highlight, .highlight-ipynb")) return "Code";
    if (el.matches("table, .md-typeset__scrollwrap")) return "Table";
    return "Scrollable content";
  }

  function update() {
    document.querySelectorAll(BOXES).forEach(function (el) {
      if (el.hasAttribute("tabindex") && !el.hasAttribute(MARK)) return; // focusable already
      if (scrolls(el)) {
        var name = el.getAttribute(MARK) || label(el);
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", name);
        el.setAttribute(MARK, name);
      } else if (el.hasAttribute(MARK)) {
        ["tabindex", "role", "aria-label", MARK].forEach(function (attr) {
          el.removeAttribute(attr);
        });
      }
    });
  }

  var pending = null;
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(update, 150);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("load", update); // images can change what overflows
  window.addEventListener("resize", later);
})();
