/* Cost calculator for docs/decide.md: a month of API calls against a fine-tuned model you host.
 *
 * The arithmetic is the pure function `compute(inputs)`; the page reads the form, shows the
 * monthly costs and the break-even point, and draws the cumulative costs as an inline SVG.
 * No dependencies, no network: the site must work offline. Months are 30 days.
 */
(function () {
  "use strict";

  var DAYS_PER_MONTH = 30;
  var SVG_NS = "http://www.w3.org/2000/svg";

  // field id (without the "cost-" prefix) -> [minimum, maximum]; every input must be a number
  var FIELDS = {
    "prompt-tokens": [0, 1e7], "answer-tokens": [0, 1e7], "requests": [0, 1e10],
    "price-in": [0, 1e6], "price-cached": [0, 1e6], "price-out": [0, 1e6],
    "cache-rate": [0, 100], "fine-tune": [0, 1e10], "hosting": [0, 1e6], "hours": [0, 24]
  };

  /* inputs: prompt/answer tokens per request, requests per day, prices in $ per million tokens
   * (input, cached input, output), cache hit rate in % of prompt tokens, one-off fine-tuning
   * cost in $, hosting in $ per hour and hours hosted per day.
   * Returns the cost of one API request, the monthly cost of each option, the monthly saving,
   * the months until the fine-tune has paid for itself (null if never) and the daily request
   * volume above which hosting costs less per month than the API (null if no volume does). */
  function compute(x) {
    var hit = x.cacheRate / 100;
    var perRequest = (x.promptTokens * ((1 - hit) * x.priceIn + hit * x.priceCached) +
                      x.answerTokens * x.priceOut) / 1e6;
    var apiMonthly = perRequest * x.requests * DAYS_PER_MONTH;
    var ownMonthly = x.hosting * x.hours * DAYS_PER_MONTH;
    var saving = apiMonthly - ownMonthly;
    return {
      perRequest: perRequest,
      apiMonthly: apiMonthly,
      ownMonthly: ownMonthly,
      saving: saving,
      breakEvenMonths: saving > 0 ? x.fineTune / saving : null,
      breakEvenRequests: perRequest > 0 ? ownMonthly / (perRequest * DAYS_PER_MONTH) : null
    };
  }

  /* ----- the page ----- */

  function camel(id) { return id.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); }); }

  function readInputs(form) {
    var values = {}, problems = [];
    Object.keys(FIELDS).forEach(function (id) {
      var input = form.querySelector("#cost-" + id);
      var value = Number(input.value);
      var range = FIELDS[id];
      var bad = input.value.trim() === "" || !isFinite(value) || value < range[0] || value > range[1];
      input.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad) {
        var label = form.querySelector('label[for="cost-' + id + '"]').textContent.trim();
        problems.push(label + " (a number from " + range[0] + " to " + range[1] + ")");
      }
      values[camel(id)] = value;
    });
    return { values: values, problems: problems };
  }

  function money(v) {
    return "$" + v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 4 : 0 });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text) { node.textContent = text; }
    return node;
  }

  /* Cumulative cost of both options over the months; the crossing is the break-even point. */
  function chart(x, r) {
    var months = r.breakEvenMonths === null ? 24
      : Math.min(60, Math.max(12, Math.ceil(r.breakEvenMonths * 1.5)));
    var W = 520, H = 260, left = 70, right = 20, top = 20, bottom = 40;
    var api = function (m) { return m * r.apiMonthly; };
    var own = function (m) { return x.fineTune + m * r.ownMonthly; };
    var ymax = Math.max(api(months), own(months), 1);
    var X = function (m) { return left + (W - left - right) * m / months; };
    var Y = function (v) { return H - bottom - (H - top - bottom) * v / ymax; };
    var summary = "Cumulative cost over " + months + " months: API " + money(api(months)) +
      ", fine-tuned model " + money(own(months)) + "; " + (r.breakEvenMonths === null
        ? "the fine-tuned model never catches up."
        : "the lines cross after " + r.breakEvenMonths.toFixed(1) + " months.");
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
                            "aria-label": summary, "class": "cost-chart", id: "cost-chart",
                            "font-size": 11, fill: "currentColor" });
    root.appendChild(svg("title", {}, summary));
    var axis = { stroke: "currentColor", "stroke-width": 1, "class": "axis" };
    root.appendChild(svg("line", Object.assign({ x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }, axis)));
    root.appendChild(svg("line", Object.assign({ x1: left, y1: top, x2: left, y2: H - bottom }, axis)));
    root.appendChild(svg("text", { x: (left + W - right) / 2, y: H - 6, "text-anchor": "middle" }, "months"));
    root.appendChild(svg("text", { x: 14, y: (top + H - bottom) / 2, "text-anchor": "middle",
                                   transform: "rotate(-90 14 " + (top + H - bottom) / 2 + ")" }, "cumulative cost"));
    root.appendChild(svg("text", { x: left - 6, y: top + 4, "text-anchor": "end" }, money(ymax)));
    root.appendChild(svg("text", { x: left - 6, y: H - bottom, "text-anchor": "end" }, "$0"));
    root.appendChild(svg("text", { x: W - right, y: H - bottom + 16, "text-anchor": "end" }, String(months)));
    // colours as attributes too, so the chart stays readable without the stylesheet
    [["api", api, "API calls", "#1e88e5", ""], ["own", own, "fine-tune and host", "#e65100", "6 4"]]
      .forEach(function (line, i) {
        var style = { stroke: line[3], "stroke-width": 2.5, "stroke-dasharray": line[4] || "none" };
        root.appendChild(svg("line", Object.assign({ x1: X(0), y1: Y(line[1](0)), x2: X(months),
          y2: Y(line[1](months)), "class": "cost-line cost-" + line[0] }, style)));
        // legend, top left
        var y = top + 6 + 16 * i;
        root.appendChild(svg("line", Object.assign({ x1: left + 10, y1: y, x2: left + 40, y2: y }, style)));
        root.appendChild(svg("text", { x: left + 46, y: y + 4 }, line[2]));
      });
    if (r.breakEvenMonths !== null && r.breakEvenMonths <= months) {
      var m = r.breakEvenMonths;
      root.appendChild(svg("circle", { cx: X(m), cy: Y(api(m)), r: 5, fill: "none", stroke: "currentColor",
                                       "stroke-width": 2, "class": "cost-break-even" }));
      // both lines rise to the right: below-right of the crossing is clear, or above-left near the edge
      var nearEdge = X(m) > W - right - 150;
      root.appendChild(svg("text", { x: X(m) + (nearEdge ? -8 : 8), y: Y(api(m)) + (nearEdge ? -10 : 18),
                                     "text-anchor": nearEdge ? "end" : "start" },
                           "break-even: " + m.toFixed(1) + " months"));
    }
    return root;
  }

  function show(form, out) {
    var read = readInputs(form);
    out.textContent = "";
    ["api-monthly", "own-monthly", "break-even-months", "break-even-requests"].forEach(function (k) {
      out.removeAttribute("data-" + k);
    });
    if (read.problems.length) {
      out.appendChild(el("p", { "class": "decide-missing" }, "Please correct: " + read.problems.join(" · ")));
      return;
    }
    var x = read.values, r = compute(x);
    out.setAttribute("data-api-monthly", r.apiMonthly.toFixed(2));
    out.setAttribute("data-own-monthly", r.ownMonthly.toFixed(2));
    out.setAttribute("data-break-even-months", r.breakEvenMonths === null ? "never" : r.breakEvenMonths.toFixed(2));
    out.setAttribute("data-break-even-requests", r.breakEvenRequests === null ? "none" : r.breakEvenRequests.toFixed(0));
    var list = el("ul");
    list.appendChild(el("li", {}, "One API request costs " + money(r.perRequest) + "; a month of " +
      "API calls costs " + money(r.apiMonthly) + "."));
    list.appendChild(el("li", {}, "Hosting the fine-tuned model costs " + money(r.ownMonthly) +
      " a month, after a one-off " + money(x.fineTune) + "."));
    list.appendChild(el("li", {}, r.breakEvenMonths === null
      ? "At this volume the fine-tuned model never pays for itself: hosting costs at least as much as the API calls it replaces."
      : "The fine-tuned model saves " + money(r.saving) + " a month and pays for itself after " +
        r.breakEvenMonths.toFixed(1) + " months, if nothing else changes."));
    if (r.breakEvenRequests !== null) {
      list.appendChild(el("li", {}, "Hosting costs less per month than the API above about " +
        Math.ceil(r.breakEvenRequests).toLocaleString("en-US") + " requests a day."));
    }
    out.appendChild(list);
    out.appendChild(chart(x, r));
  }

  function init() {
    var form = document.getElementById("cost-form");
    var out = document.getElementById("cost-result");
    if (!form || !out) { return; }
    form.addEventListener("submit", function (event) { event.preventDefault(); show(form, out); });
    form.addEventListener("input", function () { show(form, out); });
    form.removeAttribute("hidden");
    var nojs = document.getElementById("cost-nojs");
    if (nojs) { nojs.hidden = true; }
    show(form, out);
  }

  var api = { FIELDS: FIELDS, DAYS_PER_MONTH: DAYS_PER_MONTH, compute: compute };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof window !== "undefined") {
    window.FTCost = api;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }
})();
