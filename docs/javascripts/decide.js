/* Decision helper for docs/decide.md: "should I fine-tune?".
 *
 * The decision logic is the pure function `recommend(answers)`; the page's printable
 * checklist lists the same steps in the same order (STEPS), and the browser tests check both.
 * No dependencies, no network: the site must work offline.
 */
(function () {
  "use strict";

  // Links are relative to the page /decide/ (MkDocs directory URLs).
  var LINKS = {
    whyNot: { href: "../chapters/why-not/", text: "Why not fine-tune (yet)" },
    tryFirst: { href: "../chapters/why-not/#what-to-try-first", text: "What to try first" },
    structured: { href: "../chapters/why-not/#a-worked-example-structured-output-without-training", text: "Structured output without training" },
    hiddenCosts: { href: "../chapters/why-not/#the-costs-that-do-not-show-up-in-the-demo", text: "The costs that do not show up in the demo" },
    forgetting: { href: "../chapters/why-not/#fine-tuning-one-task-can-break-the-others", text: "Fine-tuning one task can break the others" },
    whenTo: { href: "../chapters/when-to/", text: "When fine-tuning pays" },
    distill: { href: "../chapters/when-to/#smaller-cheaper-faster-distillation", text: "Smaller, cheaper, faster: distillation" },
    facts: { href: "../chapters/facts-or-behaviour/", text: "Facts or behaviour? Fine-tuning vs retrieval" },
    factsTest: { href: "../chapters/facts-or-behaviour/#a-quick-test-hand-it-the-facts", text: "A quick test: hand it the facts" },
    combine: { href: "../chapters/facts-or-behaviour/#when-to-combine-them", text: "When to combine retrieval and fine-tuning" },
    lab00: { href: "../labs/00_meet_the_model/", text: "Lab 00 · Meet your tiny model" },
    lab01: { href: "../labs/01_forgetting/", text: "Lab 01 · Forgetting" },
    lab02: { href: "../labs/02_bias/", text: "Lab 02 · Bias and curated data" },
    lab03: { href: "../labs/03_distillation/", text: "Lab 03 · Distillation" },
    evalSet: { href: "../glossary/#evaluation-set", text: "Glossary: evaluation set" }
  };

  var QUESTIONS = [
    { id: "failure", options: ["facts", "behaviour", "cost", "unsure"] },
    { id: "evalset", options: ["yes", "no"] },
    { id: "tried", options: ["nothing", "instructions", "examples", "retrieval"] },
    { id: "examples", options: ["few", "some", "many"] },
    { id: "constraints", options: ["yes", "no"] },
    { id: "tasks", options: ["one", "several"] },
    { id: "owner", options: ["team", "nobody"] }
  ];

  // The checklist steps, in the order they are checked; the first that applies decides.
  var STEPS = ["measure", "facts", "prompt", "data", "owner", "size", "fine-tune"];

  var TITLES = {
    "dont-yet": "Don't fine-tune, yet",
    "prompt": "Improve the prompt",
    "retrieval": "Add retrieval",
    "fine-tune": "Fine-tune",
    "small-model": "Fine-tune a small model, or distill"
  };

  function forgettingAdvice(answers) {
    return answers.tasks === "several"
      ? ["The model must keep doing several tasks: include examples of all of them in the " +
         "training data (replay), or serve separate models, and re-measure every task after " +
         "each fine-tune."]
      : [];
  }

  function result(step, id, reasons, links) {
    return { step: step, recommendation: id, title: TITLES[id], reasons: reasons, links: links };
  }

  /* Pure decision function. `answers` maps each question id to one of its options.
   * Returns {step, recommendation, title, reasons[], links[{href, text}]}. Throws if an
   * answer is missing or unknown. */
  function recommend(answers) {
    QUESTIONS.forEach(function (q) {
      if (q.options.indexOf(answers[q.id]) < 0) {
        throw new Error("missing or unknown answer for " + q.id + ": " + answers[q.id]);
      }
    });
    var a = answers;

    if (a.failure === "unsure" || a.evalset === "no") {
      return result("measure", "dont-yet", [
        "You cannot tell whether any change helps until you measure it: collect a few dozen " +
          "real inputs with the outputs you want, and score every variant on them.",
        a.failure === "unsure"
          ? "You do not yet know what kind of failure you have; the evaluation set will show you."
          : "Without an evaluation set, a fine-tune's gains and its damage to other tasks both go unnoticed."
      ], [LINKS.evalSet, LINKS.tryFirst, LINKS.factsTest]);
    }

    if (a.failure === "facts") {
      return result("facts", "retrieval", [
        "Missing or outdated facts are an information failure: put the facts in the context.",
        "Retrieval beat fine-tuning for injecting knowledge in Ovadia et al. (2024), and updating " +
          "a document is cheaper than retraining.",
        a.tried === "retrieval"
          ? "You already retrieve: check whether the failing queries receive the right passages, " +
            "and improve the search before considering training."
          : "Check the diagnosis first: paste the right document into the prompt by hand and see " +
            "whether the answers become correct."
      ], [LINKS.facts, LINKS.factsTest, LINKS.combine]);
    }

    if (a.tried === "nothing" || (a.failure === "behaviour" && a.tried === "instructions")) {
      return result("prompt", "prompt", a.failure === "cost" ? [
        "Before training anything, try a smaller or cheaper model with a careful prompt and a " +
          "few examples; it may already be good enough.",
        "Measure it on your evaluation set against the model that works."
      ] : [
        "You have not yet tried the cheap levers: " +
          (a.tried === "nothing" ? "a clear instruction and " : "") + "a few examples in the prompt.",
        "For output formats, use structured output or constrained decoding: it guarantees valid " +
          "output without any training.",
        "Measure each change on your evaluation set; fine-tune only if the behaviour still fails."
      ], [LINKS.tryFirst, LINKS.structured, LINKS.lab00]);
    }

    if (a.examples === "few") {
      return result("data", "dont-yet", [
        "Fewer than about 50 good examples is too few to fine-tune reliably, or even to see " +
          "whether fine-tuning helps.",
        "Collect or write more examples (a model that already does the task well can generate " +
          "candidates for you to check); meanwhile, keep improving the prompt."
      ], [LINKS.hiddenCosts, LINKS.whenTo]);
    }

    if (a.owner === "nobody") {
      return result("owner", "dont-yet", [
        "A fine-tuned model is an investment: someone must evaluate it, serve it, and redo the " +
          "work when a better base model appears.",
        "Until someone owns that, a prompt (with retrieval where facts are missing) is the safer " +
          "choice: it moves to a new base model in minutes."
      ], [LINKS.hiddenCosts, LINKS.whyNot]);
    }

    if (a.failure === "cost" || a.constraints === "yes") {
      return result("size", "small-model", [
        a.failure === "cost"
          ? "A large model already does the task: use it as a teacher, and fine-tune a small " +
            "student on its outputs."
          : "Your latency, cost or privacy constraints call for a model small enough to serve " +
            "cheaply or on your own hardware: fine-tune a small open model.",
        "Small models fine-tuned for one task can beat much larger general ones on that task " +
          "(DistilBERT, CoEdIT, Distilling Step-by-Step).",
        "Check the student against the teacher on your evaluation set, and time both on your own hardware."
      ].concat(forgettingAdvice(a)), [LINKS.distill, LINKS.lab03, LINKS.whenTo]
        .concat(a.tasks === "several" ? [LINKS.lab01] : []));
    }

    return result("fine-tune", "fine-tune", [
      "You measured prompting" + (a.tried === "retrieval" ? " and retrieval" : "") +
        ", and what still fails is behaviour, which is what fine-tuning changes.",
      "You have enough examples to start, and a team to evaluate and maintain the model.",
      "Start small: a parameter-efficient method such as LoRA, a held-out evaluation set, and a " +
        "comparison with your best prompt."
    ].concat(forgettingAdvice(a)), [LINKS.whenTo, LINKS.forgetting, LINKS.lab01, LINKS.lab02]);
  }

  /* ----- the page ----- */

  function readAnswers(form) {
    var answers = {}, missing = [];
    QUESTIONS.forEach(function (q) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) { answers[q.id] = checked.value; } else { missing.push(q.id); }
    });
    return { answers: answers, missing: missing };
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function show(form, out) {
    var read = readAnswers(form);
    out.textContent = "";
    if (read.missing.length) {
      out.removeAttribute("data-recommendation");
      var legends = read.missing.map(function (id) {
        return form.querySelector("#q-" + id + " legend").textContent.trim();
      });
      out.appendChild(el("p", { "class": "decide-missing" },
        "Please answer every question first. Still unanswered: " + legends.join(" · ")));
      return;
    }
    var r = recommend(read.answers);
    out.setAttribute("data-recommendation", r.recommendation);
    out.setAttribute("data-step", r.step);
    out.appendChild(el("h2", { id: "decide-result-title" }, "Recommendation: " + r.title));
    var reasons = el("ul", { "class": "decide-reasons" });
    r.reasons.forEach(function (text) { reasons.appendChild(el("li", {}, text)); });
    out.appendChild(el("p", {}, "Why:"));
    out.appendChild(reasons);
    out.appendChild(el("p", {}, "Read next:"));
    var links = el("ul", { "class": "decide-links" });
    r.links.forEach(function (link) {
      var li = el("li");
      li.appendChild(el("a", { href: link.href }, link.text));
      links.appendChild(li);
    });
    out.appendChild(links);
    var step = el("p");
    var index = STEPS.indexOf(r.step) + 1;
    step.appendChild(document.createTextNode("This is step " + index + " of the "));
    step.appendChild(el("a", { href: "#check-" + r.step }, "printable checklist"));
    step.appendChild(document.createTextNode("."));
    out.appendChild(step);
  }

  function init() {
    var form = document.getElementById("decide-form");
    var out = document.getElementById("decide-result");
    if (!form || !out) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(form, out);
    });
    form.addEventListener("reset", function () {
      out.textContent = "";
      out.removeAttribute("data-recommendation");
      out.removeAttribute("data-step");
    });
    form.removeAttribute("hidden");
    var nojs = document.getElementById("decide-nojs");
    if (nojs) { nojs.hidden = true; }
  }

  var api = { QUESTIONS: QUESTIONS, STEPS: STEPS, TITLES: TITLES, recommend: recommend };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof window !== "undefined") {
    window.FTDecide = api;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }
})();
