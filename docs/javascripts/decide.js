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
    worse: { href: "../chapters/why-not/#fine-tuning-can-make-a-model-worse", text: "Fine-tuning can make a model worse" },
    forgetting: { href: "../chapters/why-not/#fine-tuning-one-task-can-break-the-others", text: "Fine-tuning one task can break the others" },
    whenTo: { href: "../chapters/when-to/", text: "When fine-tuning pays" },
    tokens: { href: "../chapters/when-to/#task-and-domain-quality", text: "Prompt tokens and prompt caching" },
    distill: { href: "../chapters/when-to/#smaller-cheaper-faster-distillation", text: "Smaller, cheaper, faster: distillation" },
    memory: { href: "../chapters/when-to/#how-much-memory-fine-tuning-needs", text: "How much memory fine-tuning needs" },
    openModels: { href: "../chapters/when-to/#open-models-of-every-size", text: "Open models of every size" },
    facts: { href: "../chapters/facts-or-behaviour/", text: "Facts or behaviour? Fine-tuning vs retrieval" },
    factsTest: { href: "../chapters/facts-or-behaviour/#a-quick-test-hand-it-the-facts", text: "A quick test: hand it the facts" },
    combine: { href: "../chapters/facts-or-behaviour/#when-to-combine-them", text: "When to combine retrieval and fine-tuning" },
    calculator: { href: "#cost-calculator", text: "Cost calculator (on this page)" },
    lab00: { href: "../labs/00_meet_the_model/", text: "Lab 00 · Meet your tiny model" },
    lab01: { href: "../labs/01_forgetting/", text: "Lab 01 · Forgetting" },
    lab02: { href: "../labs/02_bias/", text: "Lab 02 · Bias and curated data" },
    lab03: { href: "../labs/03_distillation/", text: "Lab 03 · Distillation" },
    evalSet: { href: "../glossary/#evaluation-set", text: "Glossary: evaluation set" }
  };

  var QUESTIONS = [
    { id: "failure", options: ["facts", "behaviour", "cost", "privacy", "unsure"] },
    { id: "evalset", options: ["yes", "no"] },
    { id: "tried", options: ["nothing", "instructions", "examples", "retrieval"] },
    { id: "examples", options: ["few", "some", "many"] },
    { id: "constraints", options: ["yes", "no"] },
    { id: "offshelf", options: ["yes", "no"] },
    { id: "tasks", options: ["one", "several"] },
    { id: "owner", options: ["team", "nobody"] }
  ];

  // The checklist steps, in the order they are checked; the first that applies decides.
  var STEPS = ["measure", "diagnose", "facts", "privacy", "cheaper", "prompt", "data", "owner",
               "size", "fine-tune"];

  var TITLES = {
    "dont-yet": "Don't fine-tune, yet",
    "diagnose": "Find out what kind of failure it is",
    "retrieval": "Add retrieval",
    "improve-retrieval": "Improve the retrieval you have",
    "self-host": "Run an open model where your data may go",
    "cheaper-model": "Try a cheaper model and a leaner prompt",
    "prompt": "Improve the prompt",
    "fine-tune": "Fine-tune",
    "small-model": "Fine-tune a small model, or distill"
  };

  var LICENCE = "If the teacher is a commercial model, read its terms first: some providers " +
    "forbid using their outputs to train a competing model.";

  function forgettingAdvice(answers) {
    return answers.tasks === "several"
      ? ["The model must keep doing several tasks: include examples of all of them in the " +
         "training data (replay), or serve separate models, and re-measure every task after " +
         "each fine-tune."]
      : [];
  }

  // What the number of examples changes once a fine-tune is on the table.
  function dataAdvice(answers) {
    return answers.examples === "some"
      ? "With about 50 to 1,000 examples, start with a parameter-efficient fine-tune (LoRA) and " +
        "hold some examples out: this is enough to see whether fine-tuning helps, and the " +
        "learning curve tells you whether more data would pay."
      : "With more than 1,000 examples you can afford a proper held-out split and a " +
        "comparison of LoRA with full fine-tuning; check a sample of the data by hand first, " +
        "since the model learns its mistakes too.";
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
    var costly = a.failure === "cost";

    // 1. No evaluation set: nothing else can be judged.
    if (a.evalset === "no") {
      return result("measure", "dont-yet", [
        "You cannot tell whether any change helps until you measure it: collect a few dozen " +
          "real inputs with the outputs you want, and score every variant on them.",
        a.failure === "unsure"
          ? "You do not yet know what kind of failure you have; once you have the evaluation " +
            "set, the hand-it-the-facts test will show you."
          : "Without an evaluation set, a fine-tune's gains and its damage to other tasks both go unnoticed."
      ], [LINKS.evalSet, LINKS.tryFirst, LINKS.factsTest]);
    }

    // 2. An evaluation set, but no diagnosis: run the test that gives one.
    if (a.failure === "unsure") {
      return result("diagnose", "diagnose", [
        "You have an evaluation set, so you can find out in an afternoon: take about twenty " +
          "failing cases and paste the document or record with the right answer into the prompt by hand.",
        "If most now succeed, the failure is missing information: build retrieval. If they " +
          "still fail with the answer in front of the model, it is behaviour: instructions, " +
          "examples and, if those plateau, fine-tuning.",
        "Then answer the first question again with what you found."
      ], [LINKS.factsTest, LINKS.facts, LINKS.tryFirst]);
    }

    // 3. Missing facts belong in the context.
    if (a.failure === "facts") {
      var already = a.tried === "retrieval";
      var reasons = [
        "Missing or outdated facts are an information failure: put the facts in the context.",
        "Retrieval beat fine-tuning for injecting knowledge in Ovadia et al. (2024), and " +
          "fine-tuning on facts the model did not know made it hallucinate more in Gekhman et al. (2024)."
      ];
      if (already) {
        reasons.push("You already retrieve: check whether the failing queries receive the right " +
          "passages. If they do not, improve the search (add term-based BM25 search next to " +
          "embeddings, better chunking, reranking) before considering training.");
        reasons.push(a.examples === "few"
          ? "If the right passages arrive and the model still misuses them, that part is " +
            "behaviour: collect examples of those failures before thinking about fine-tuning."
          : "If the right passages arrive and the model still misuses them, that part is " +
            "behaviour, and with your examples you can fine-tune it to use retrieved context " +
            "(RAFT, Zhang et al. 2024): train with the retrieved passages, distractors included, in the prompt.");
      } else {
        reasons.push("Start simple: term-based search such as BM25 over your documents needs " +
          "no training and is a strong baseline; add embedding search if it misses paraphrases.");
        reasons.push("Check the diagnosis first: paste the right document into the prompt by " +
          "hand and see whether the answers become correct.");
      }
      return result("facts", already ? "improve-retrieval" : "retrieval", reasons,
        [LINKS.facts, LINKS.factsTest, LINKS.combine]);
    }

    // 4. Privacy: the question is where the model runs, not what its weights hold.
    if (a.failure === "privacy" && a.offshelf === "no") {
      return result("privacy", "self-host", [
        "Privacy is about where the model runs. An open-weight model on your own hardware (or " +
          "in a cloud region your data may go to) keeps the data in place without any training.",
        "Try the best open model you can host with your best prompt first, and measure it on " +
          "your evaluation set; fine-tune it only if a behaviour still fails.",
        "Note that a vendor's hosted fine-tuning sends your training data to that vendor too."
      ], [LINKS.openModels, LINKS.memory, LINKS.tryFirst]);
    }

    // 5. Cost: cheaper levers before any training.
    if (costly && a.offshelf === "no") {
      return result("cheaper", "cheaper-model", [
        "Before training anything, try a smaller or cheaper off-the-shelf model (hosted, or an " +
          "open one you host) with your best prompt; it may already be good enough.",
        "Cut the bill on the model you have: turn on prompt caching for the fixed part of the " +
          "prompt, shorten instructions and drop examples that do not help, and batch requests " +
          "that can wait.",
        "Use the cost calculator below to compare a month of API calls with training and " +
          "hosting a model of your own: a fine-tune pays only above the break-even volume."
      ], [LINKS.calculator, LINKS.tokens, LINKS.tryFirst]);
    }

    // 6. The cheap prompt levers.
    if (a.tried === "nothing" || (a.failure === "behaviour" && a.tried === "instructions")) {
      return result("prompt", "prompt", costly ? [
        "Before training a cheaper model, make sure the prompt is as good as it can be: a " +
          "clear instruction and a few examples, measured on your evaluation set.",
        "A small model fine-tuned later will be compared with this prompt, so it is worth " +
          "getting right."
      ] : [
        "You have not yet tried the cheap levers: " +
          (a.tried === "nothing" ? "a clear instruction and " : "") + "a few examples in the prompt.",
        "For output formats, use structured output or constrained decoding: it guarantees valid " +
          "output without any training.",
        "Measure each change on your evaluation set; fine-tune only if the behaviour still fails."
      ], [LINKS.tryFirst, LINKS.structured, LINKS.lab00]);
    }

    // 7. Too few examples to fine-tune.
    if (a.examples === "few") {
      return result("data", "dont-yet", [
        "Fewer than about 50 good examples is too few to fine-tune reliably, or even to see " +
          "whether fine-tuning helps.",
        costly
          ? "For a cost problem the large model you already use can write the examples: run it " +
            "on real inputs, check its answers, and keep the good ones. " + LICENCE
          : "Collect or write more examples (a model that already does the task well can " +
            "generate candidates for you to check); meanwhile, keep improving the prompt."
      ], [LINKS.hiddenCosts, LINKS.whenTo]);
    }

    // 8. Nobody to own the model.
    if (a.owner === "nobody") {
      return result("owner", "dont-yet", costly ? [
        "A distilled model saves money only if someone serves it, watches its quality and " +
          "rebuilds it when the teacher or the traffic changes; an unowned one quietly falls behind.",
        "Until someone owns it, take the savings that need no upkeep: a cheaper off-the-shelf " +
          "model, prompt caching, shorter prompts and batching.",
        "If you still want a fine-tune, a provider's hosted fine-tuning leaves the serving to " +
          "them; compare its per-token price with the calculator below."
      ] : [
        "A fine-tuned model is an investment: someone must evaluate it, serve it, and redo the " +
          "work when a better base model appears.",
        "Until someone owns that, a prompt (with retrieval where facts are missing) is the safer " +
          "choice: it moves to a new base model in minutes."
      ], costly ? [LINKS.hiddenCosts, LINKS.calculator, LINKS.tokens]
               : [LINKS.hiddenCosts, LINKS.whyNot]);
    }

    // 9. A smaller model, by fine-tuning or distillation.
    if (costly || a.failure === "privacy" || a.constraints === "yes") {
      var first;
      if (costly) {
        first = "A large model already does the task: use it as a teacher, and fine-tune a " +
          "small student on its outputs. " + LICENCE;
      } else if (a.failure === "privacy") {
        first = "The open model you can host falls short: fine-tune it, or a smaller one, on " +
          "your own hardware, so neither the data nor the model leaves your control.";
      } else {
        first = "Your latency, cost or privacy constraints call for a model small enough to " +
          "serve cheaply or on your own hardware: fine-tune a small open model.";
      }
      return result("size", "small-model", [
        first,
        "Small models fine-tuned for one task can match or beat much larger ones on that task " +
          "(Distilling Step-by-Step, CoEdIT), though not at everything.",
        dataAdvice(a),
        "Check the student against the teacher on your evaluation set, and time both on your own hardware."
      ].concat(forgettingAdvice(a)), [LINKS.distill, LINKS.lab03, LINKS.memory, LINKS.calculator]
        .concat(a.tasks === "several" ? [LINKS.lab01] : []));
    }

    // 10. What is left: a behaviour failure with data, owners and measured prompts.
    return result("fine-tune", "fine-tune", [
      "You measured prompting" + (a.tried === "retrieval" ? " and retrieval" : "") +
        ", and what still fails is behaviour, which is what fine-tuning changes.",
      "You have enough examples to start, and a team to evaluate and maintain the model.",
      dataAdvice(a),
      "Compare the fine-tune with your best prompt, and re-test what the base model did well, " +
        "safety refusals included: fine-tuning can erode them."
    ].concat(forgettingAdvice(a)), [LINKS.whenTo, LINKS.worse, LINKS.forgetting, LINKS.lab01, LINKS.lab02]);
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
