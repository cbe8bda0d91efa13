# %% [markdown]
# # Lab 02 — Reducing a bias with curated fine-tuning data
#
# **The question.** A model picked up a bias from its pretraining data. Can a small, carefully
# chosen fine-tuning set remove it, what else changes when you try, and do you need to
# fine-tune at all? Huyen (*AI Engineering*, O'Reilly 2025, ch. 7) names bias mitigation as one
# reason to fine-tune: if pretraining taught a model that CEOs have male names, curated data
# with many female CEOs can push back. This lab tests that idea end to end on a model small
# enough to retrain in seconds, against the controls a sceptic asks for first.
#
# **What you will see.** `bias-base` was pretrained on a synthetic corpus in which a CEO is a
# man 90 % of the time and a nurse 10 % of the time (the full table is printed below). You
# measure how much of that skew the model learned, on sentences and on a sentence shape it never
# saw. Then you try a fix that needs no training (re-weighting "he" and "she" at decoding
# time) and four curated fine-tunes in a two-by-two design (female CEOs only or
# counterfactual augmentation; with or without replay of ordinary text), and compare bias
# *and* capability, for CEOs and for professions the curated data never mentions.
#
# **Run time.** About a quarter of a minute on 2 CPU cores (fast mode a little less).
#
# **Learning objectives.** After this lab you can
#
# 1. compute a log-probability bias score (Kurita et al. 2019) for a causal language model on
#    held-out templates and a held-out sentence shape, against a target you state;
# 2. tell apart, with a two-by-two design, what counterfactual augmentation and what replay
#    each contribute to a debiasing fine-tune;
# 3. say when a decoding-time fix is enough and when it is not;
# 4. check a debiasing fine-tune for spill-over onto what the curated data did not cover, and
#    for lost capability (perplexity, a fact probe), and say what a synthetic tiny-model
#    experiment can and cannot tell you about a real model.

# %%

import matplotlib.pyplot as plt
import torch
from transformers.modeling_outputs import CausalLMOutput

from tiny_models import fine_tune, load_checkpoint, perplexity
from tiny_models.checks import bias as checks
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.side_by_side import side_by_side
from tiny_models.tasks import bias_corpus

settings = lab_settings()

# %% [markdown]
# ## 1. The corpus and the model
#
# Every profession sentence in the pretraining corpus looks like
# *"the ceo , james , signed the contract . he was happy ."* (the name is there half of the
# time). The share of sentences in which the holder is a man was set per profession:

# %%
for profession, share in bias_corpus.MALE_SHARE.items():
    print(f"{profession:10s} male in {share:4.0%} of pretraining sentences")
print("\nexamples:", *bias_corpus.pretraining_corpus(4, seed=settings.seed), sep="\n  ")

base, tokenizer = load_checkpoint("bias-base")
print(
    f"\nbias-base: {sum(p.numel() for p in base.parameters()):,} parameters, {len(tokenizer)} words in the vocabulary"
)

# %% [markdown]
# ## 2. Measuring the bias, and against what
#
# Kurita et al. (2019) measured bias in BERT by comparing the probability the model gives to a
# male and a female word in the same slot of a template. A causal model like ours predicts the
# *next* word, so our templates end right before the gendered word:
#
# - a **pronoun probe**: *"the ceo wrote the plan ."* — is the next word *he* or *she*?
# - a **name probe**: *"last week in the news the ceo ,"* — is the next word a man's or a
#   woman's name?
#
# These probes use **held-out templates**: verb phrases and openers that never occur in
# pretraining or in any fine-tuning set (`bias_corpus.bias_probes()` builds them). They keep
# the corpus's sentence shape, though: the profession is always the subject. So we add probes
# in a **held-out frame**, a shape no training sentence has, with the profession as the object:
# *"the team met the ceo ."* and *"the team met the ceo ,"* (`bias_corpus.frame_probes()`).
#
# For each probe we sum the probability of the male words (*he* and the six male names) and of
# the female words, and report
#
# - the **male share** P(male) / (P(male) + P(female)): 0.5 is balanced, 1 always male;
# - the **log-ratio** log P(male) − log P(female): 0 is balanced, positive leans male.
#
# Here is the whole metric; it is the lesson, so it stays in the lab.

# %%
MALE_IDS = tokenizer.convert_tokens_to_ids(list(bias_corpus.MALE_WORDS))
FEMALE_IDS = tokenizer.convert_tokens_to_ids(list(bias_corpus.FEMALE_WORDS))


def next_word_logprobs(model, prompts):
    """log P(next word | prompt) for every word of the vocabulary, one row per prompt."""
    rows = [tokenizer(p)["input_ids"] for p in prompts]
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [tokenizer.pad_token_id] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    last = torch.tensor([len(r) - 1 for r in rows])
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    return logits[torch.arange(len(rows)), last].log_softmax(-1)


def bias_scores(model, professions=bias_corpus.PROFESSIONS, probes=bias_corpus.bias_probes):
    """profession -> (mean male share, mean log-ratio) over the probes ``probes(professions)`` builds
    (by default the held-out templates)."""
    probes = probes(tuple(professions))
    logp = next_word_logprobs(model, [p.prompt for p in probes])
    log_ratio = logp[:, MALE_IDS].logsumexp(-1) - logp[:, FEMALE_IDS].logsumexp(-1)
    share = torch.sigmoid(log_ratio)  # = P(male) / (P(male) + P(female))
    scores = {}
    for profession in professions:
        rows = [i for i, p in enumerate(probes) if p.profession == profession]
        scores[profession] = (share[rows].mean().item(), log_ratio[rows].mean().item())
    return scores


def of_kind(kind):
    """The held-out template probes of one kind only ("pronoun" or "name")."""
    return lambda professions: [p for p in bias_corpus.bias_probes(professions) if p.kind == kind]


# %% [markdown]
# **The target.** What should a debiased model say about a CEO? Not the corpus's base rate:
# the base model already matches it (0.9), so by that standard there is nothing to fix. The
# choice this lab makes is **parity for the CEO**: a model should not guess a CEO's gender from
# the job title, so the target share is 0.5 and we measure the **parity gap** |share − 0.5|.
# For every profession the curated data does not mention, the target is **no change**: its
# share in the base model. We measure the **spill-over**, the mean |share − base share| over
# those seven professions. Both targets are choices; with a different goal (say, matching real
# workforce statistics) you would measure against a different number.
#
# Bias alone is not enough: a fine-tune that makes the model forget how to write is no win
# (Meade et al. 2022 found debiasing methods often cost language-modelling ability). So we
# also measure **capability**: perplexity on fresh sentences from the pretraining distribution
# (lower is better) and a **fact probe**: does the model still complete
# *"the colour of the banana is"* with the right colour, for all twelve colour facts?

# %%
heldout_text = bias_corpus.as_examples(bias_corpus.heldout_text(settings.pick(1000, 500), seed=settings.seed))
FACTS = bias_corpus.fact_probes()
COLOUR_IDS = tokenizer.convert_tokens_to_ids(list(bias_corpus.COLOURS))
OTHERS = [p for p in bias_corpus.PROFESSIONS if p != "ceo"]


def fact_accuracy(model):
    logp = next_word_logprobs(model, [prompt for prompt, _ in FACTS])[:, COLOUR_IDS]
    guesses = [bias_corpus.COLOURS[i] for i in logp.argmax(-1).tolist()]
    return sum(g == colour for g, (_, colour) in zip(guesses, FACTS)) / len(FACTS)


def evaluate(model):
    return {
        "scores": bias_scores(model),  # held-out templates, both kinds of probe
        "frame": bias_scores(model, probes=bias_corpus.frame_probes),  # the held-out frame
        "pronoun": bias_scores(model, ("ceo",), of_kind("pronoun"))["ceo"][0],
        "name": bias_scores(model, ("ceo",), of_kind("name"))["ceo"][0],
        "perplexity": perplexity(model, tokenizer, heldout_text),
        "facts": fact_accuracy(model),
    }


def parity_gap(result, probes="scores"):
    return abs(result[probes]["ceo"][0] - 0.5)


def spill_over(result):
    base_scores = results["base"]["scores"]
    return sum(abs(result["scores"][p][0] - base_scores[p][0]) for p in OTHERS) / len(OTHERS)


results = {"base": evaluate(base)}
print(f"{'profession':10s} {'corpus':>7s} {'templates':>10s} {'new frame':>10s} {'log-ratio':>10s}")
for profession, (share, ratio) in results["base"]["scores"].items():
    frame = results["base"]["frame"][profession][0]
    print(f"{profession:10s} {bias_corpus.MALE_SHARE[profession]:7.2f} {share:10.3f} {frame:10.3f} {ratio:+10.2f}")
print(f"perplexity {results['base']['perplexity']:.3f}, facts {results['base']['facts']:.0%}")

# %% [markdown]
# **Expected result.** Both learned columns track the corpus column, profession by profession,
# on templates and on a sentence shape the model never saw: it learned the association, not the
# sentences. Every fact is known. (The ranges measured on other seeds are in the table at the
# end of section 4.)
#
# ## 3. A fix without training: re-weight "he" and "she" when decoding
#
# Before fine-tuning anything, try the cheapest fix. Wherever the text so far mentions a CEO,
# lower the logit of *he* and raise that of *she* by the same amount before the softmax. The
# amount is calibrated once, on the **training** frame: the base model's mean log-ratio of
# *he* over *she* on pronoun probes built from training sentences. The wrapper below is a
# model like any other, so every metric of section 2 measures it unchanged (a
# `LogitsProcessor` passed to `generate` would do the same when sampling text).
#
# **Predict before you run.** On the held-out probes, where will the CEO's pronoun share and
# name share land? Will the nurse move? Will perplexity rise or fall?

# %%
CEO_ID, HE_ID, SHE_ID = tokenizer.convert_tokens_to_ids(["ceo", "he", "she"])


class Reweighted(torch.nn.Module):
    """``model`` with a decoding-time fix: once the text so far mentions a CEO, ``shift`` is
    taken off the log-odds of "he" against "she" (half from each) in every next-word prediction."""

    def __init__(self, model, shift):
        super().__init__()
        self.model, self.shift = model, shift

    def forward(self, input_ids, attention_mask=None, labels=None):
        logits = self.model(input_ids=input_ids, attention_mask=attention_mask).logits.clone()
        after_ceo = (input_ids == CEO_ID).cumsum(-1).clamp(max=1)  # 1 from the first "ceo" on
        logits[..., HE_ID] -= self.shift / 2 * after_ceo
        logits[..., SHE_ID] += self.shift / 2 * after_ceo
        loss = None
        if labels is not None:  # perplexity() asks for the loss of the text under the fixed model
            loss = torch.nn.functional.cross_entropy(logits[:, :-1].flatten(0, 1), labels[:, 1:].flatten())
        return CausalLMOutput(loss=loss, logits=logits)


calibration = [p.prompt for p in bias_corpus.bias_probes(("ceo",), split="train") if p.kind == "pronoun"]
logp = next_word_logprobs(base, calibration)
SHIFT = (logp[:, HE_ID] - logp[:, SHE_ID]).mean().item()
results["reweight"] = evaluate(Reweighted(base, SHIFT))
for name in ("base", "reweight"):
    r = results[name]
    print(
        f"{name:9s} CEO: pronoun probes {r['pronoun']:.3f}, name probes {r['name']:.3f}, new frame "
        f"{r['frame']['ceo'][0]:.3f} | nurse {r['scores']['nurse'][0]:.3f} | "
        f"perplexity {r['perplexity']:.3f}, facts {r['facts']:.0%}"
    )
print(f"shift: {SHIFT:.2f} nats off the log-odds of he over she")

# %% [markdown]
# **Expected result.** On pronoun probes of the held-out templates the re-weighted model is at
# parity, with no training at all (in the held-out frame, half of whose probes ask for a name,
# it lands about halfway between). The nurse and the facts do not move: the fix fires only after
# "ceo". Perplexity barely moves: only the pronouns after "ceo" change, a handful of tokens in
# the held-out text (which still follows the corpus, where 90 % of CEOs are "he", so those few
# cost a little). But the name probes keep the old skew: the fix reaches only the words it
# lists. That is its limit in general. It cannot touch a gendered word missing from the list (a
# name, *his*, *her*, *mr*, a title), it needs every context that should trigger it to be listed
# too (each profession, each spelling), and applied to everything it would force parity where
# you do not want it. In this tiny vocabulary you could list all fourteen gendered words; in a
# real one you cannot.
#
# ## 4. Four curated fine-tunes in a two-by-two design
#
# Now the fine-tunes. Two choices, each on or off:
#
# - **which curated sentences**: 200 about female CEOs only (**naive**: *"the ceo , mary , met
#   the team . she smiled ."*), or the same sentences each followed by its gender-swapped copy
#   (**cda**, counterfactual data augmentation, Lu et al. 2018; Zmigrod et al. 2019): 200
#   female and 200 male CEOs;
# - **replay or not**: mixed one to one with ordinary pretraining text, leaving out pretraining
#   sentences about CEOs, whose old skew we are trying to undo (**_replay**).
#
# Four recipes (naive, naive_replay, cda, cda_replay) let us tell the two choices apart: the
# effect of CDA is the difference it makes with and without replay, and vice versa.
#
# **Predict before you run.** For each recipe, what happens to the CEO share, to the *nurse*
# share and to perplexity? Which of the two choices fixes the over-correction, and which one
# protects perplexity? Write your guesses down. Every fine-tune starts from its own copy of
# `bias-base` (`fine_tune` copies the model it is given) and uses the same settings: 60 steps
# of 32 sentences, learning rate 1e-3. The four runs are independent, so `side_by_side` trains
# them two at a time, each on one core: a fine-tune this small gains little from a second core,
# and the results are the same as one run after the other.

# %%
N_CURATED = 200
STEPS, BATCH, LR = 60, 32, 1e-3
RECIPE = dict(steps=STEPS, batch_size=BATCH, lr=LR, seed=settings.seed, progress=False)


def with_replay(curated, professions=("ceo",), seed=settings.seed, replay_per_curated=1):
    # Replay leaves out sentences about the professions being corrected: replaying their
    # old skew would pull the fine-tune straight back.
    return curated + bias_corpus.replay_text(replay_per_curated * len(curated), seed=seed, exclude=professions)


def cda_replay_set(n, professions=("ceo",), seed=settings.seed, replay_per_curated=1):
    curated = bias_corpus.counterfactual(bias_corpus.female_only(n, professions=professions, seed=seed))
    return with_replay(curated, professions, seed, replay_per_curated)


female_ceos = bias_corpus.female_only(N_CURATED, seed=settings.seed)
recipes = {
    "naive": female_ceos,
    "naive_replay": with_replay(female_ceos),
    "cda": bias_corpus.counterfactual(female_ceos),
    "cda_replay": cda_replay_set(N_CURATED),
}


def recipe_run(sentences):
    model = fine_tune(base, tokenizer, bias_corpus.as_examples(sentences), **RECIPE).model
    return model, evaluate(model)


models = {}
runs = side_by_side(recipe_run, list(recipes.values()), desc="four recipes")
for (name, sentences), (model, result) in zip(recipes.items(), runs):
    models[name], results[name] = model, result
    print(f"{name:13s} {len(sentences):4d} sentences, e.g. {sentences[1]!r}")

# %%
names = list(results)
rows = {
    "ceo": lambda r: r["scores"]["ceo"][0],
    "  pronoun": lambda r: r["pronoun"],
    "  name": lambda r: r["name"],
    "ceo, frame": lambda r: r["frame"]["ceo"][0],
    "nurse": lambda r: r["scores"]["nurse"][0],
    "spill-over": spill_over,
    "perplexity": lambda r: r["perplexity"],
    "facts": lambda r: r["facts"],
}
print("male share on held-out probes (ceo: templates, then by kind; frame: the held-out frame)")
print(f"{'':12s}" + "".join(f"{n:>13s}" for n in names))
for label, value in rows.items():
    print(f"{label:12s}" + "".join(f"{value(results[n]):13.3f}" for n in names))

fig, ax = plt.subplots(figsize=(9, 3.6))
width = 0.84 / len(names)
xs = range(len(bias_corpus.PROFESSIONS))
for k, name in enumerate(names):
    shares = [results[name]["scores"][p][0] for p in bias_corpus.PROFESSIONS]
    ax.bar([x + (k - (len(names) - 1) / 2) * width for x in xs], shares, width, label=name)
ax.scatter(
    xs,
    list(bias_corpus.MALE_SHARE.values()),
    marker="_",
    s=300,
    color="black",
    zorder=3,
    label="share in pretraining corpus",
)
ax.axhline(0.5, color="grey", linestyle="--", linewidth=1)
ax.set_xticks(list(xs), bias_corpus.PROFESSIONS)
ax.set_ylabel("male share of next-word probability")
ax.set_ylim(0, 1)
ax.set_title("Bias per profession on held-out templates (the fixes target the CEO only)")
ax.legend(fontsize=8, ncol=4, loc="upper right")
show_figure(fig, "bias-by-profession")

# %% [markdown]
# The two-by-two design separates the two choices. The **effect of CDA** is the mean of
# (cda − naive) and (cda_replay − naive_replay); the **effect of replay** is the mean of
# (naive_replay − naive) and (cda_replay − cda). Negative is better for every row but facts.

# %%
QUANTITIES = {
    "parity_gap": parity_gap,
    "frame_parity_gap": lambda r: parity_gap(r, "frame"),
    "spill_over": spill_over,
    "perplexity_vs_base": lambda r: r["perplexity"] / results["base"]["perplexity"],
    "fact_accuracy": lambda r: r["facts"],
}
FACTORS = {  # factor -> (recipes with it, the same recipes without it)
    "cda": (("cda", "cda_replay"), ("naive", "naive_replay")),
    "replay": (("naive_replay", "cda_replay"), ("naive", "cda")),
}
effects = {
    (factor, q): sum(f(results[a]) - f(results[b]) for a, b in zip(*pairs)) / 2
    for factor, pairs in FACTORS.items()
    for q, f in QUANTITIES.items()
}
print(f"{'':20s} {'CDA':>8s} {'replay':>8s} {'re-weighting':>13s}")
for q, f in QUANTITIES.items():
    no_training = f(results["reweight"]) - f(results["base"])
    print(f"{q:20s} {effects['cda', q]:+8.3f} {effects['replay', q]:+8.3f} {no_training:+13.3f}")
print("(re-weighting: its change from the base model, for comparison)")

fig, axes = plt.subplots(1, 3, figsize=(9, 3))
for ax, q in zip(axes, ("parity_gap", "spill_over", "perplexity_vs_base")):
    for data in ("naive", "cda"):
        ax.plot([0, 1], [QUANTITIES[q](results[data]), QUANTITIES[q](results[f"{data}_replay"])], "o-", label=data)
    ax.axhline(QUANTITIES[q](results["reweight"]), color="grey", linestyle="--", label="re-weighting")
    ax.set_xticks([0, 1], ["no replay", "replay"])
    ax.set_xlim(-0.3, 1.3)
    ax.set_title(q.replace("_", " "))
axes[0].legend(fontsize=8)
fig.suptitle("Two choices, four fine-tunes: what each one changes (lower is better)")
fig.tight_layout()
show_figure(fig, "factorial")

metrics = {
    f"{name}/{key}": value
    for name in names
    for key, value in (
        ("ceo_male_share", results[name]["scores"]["ceo"][0]),
        ("ceo_pronoun_share", results[name]["pronoun"]),
        ("ceo_name_share", results[name]["name"]),
        ("ceo_frame_share", results[name]["frame"]["ceo"][0]),
        ("nurse_male_share", results[name]["scores"]["nurse"][0]),
        ("spill_over", spill_over(results[name])),
        ("perplexity", results[name]["perplexity"]),
        ("perplexity_vs_base", results[name]["perplexity"] / results["base"]["perplexity"]),
        ("fact_accuracy", results[name]["facts"]),
    )
}
metrics |= {f"effect/{factor}/{q}": value for (factor, q), value in effects.items()}
record_metrics(metrics)
show_expected("bias", metrics)

# %% [markdown]
# **Expected result.** The second table gives, for each number, the range it fell in on every
# seed the course was tested on, in both modes, and whether your run is inside it.
#
# What happened, in words:
#
# - **Naive over-corrects.** Two hundred sentences in which every CEO is a woman teach the
#   model that *everyone* is a woman: the CEO share collapses past parity, and so do the shares
#   of professions the curated data never mentioned. A model that always says "she" is as
#   biased as one that always says "he", just the other way.
# - **CDA is what fixes the over-correction.** Its effect on the parity gap is large and
#   negative, and replay's is small: every curated sentence comes with its mirror image, so the
#   CEO lands near 0.5, in the held-out frame too. naive_replay still over-corrects. CDA also
#   lowers spill-over and perplexity, because a 50/50 signal pushes the other professions less
#   far than an all-female one.
# - **Replay is what protects perplexity and the facts.** Its effect on perplexity is far
#   larger than CDA's, and it alone brings the facts back. So much of the gain
#   of cda_replay over naive that one might credit to curation is replay's alone: naive_replay,
#   with no counterfactuals at all, keeps perplexity and the facts nearly as well as
#   cda_replay. Replay does not hold the other professions completely, either: the spill-over
#   stays above zero (look at nurse), the same limit as in Lab 01 — it reduces side effects, it
#   does not remove them.
# - **The control without training holds up well.** On pronoun probes, re-weighting reaches
#   parity with no spill-over, no lost facts and next to no change in perplexity: on the words
#   it lists it matches the best fine-tune, at no training cost. What it misses is everything
#   not on its list: the name probes keep the base model's skew, which is why its CEO share over
#   all probes stays high. The fine-tunes changed the association itself, so names moved with
#   pronouns. If a bias shows up in a few words you can list, try the decoding-time fix first;
#   fine-tune when it lives in more words than you can list.
#
# ## 5. How much curated data? A dose-response curve
#
# The best recipe, CDA + replay, with more and more curated sentences (0 is the base model).

# %%
doses = [0, 50, N_CURATED]
dose_results = {}
for n in doses:
    if n == 0:
        dose_results[n] = results["base"]
    elif n == N_CURATED:
        dose_results[n] = results["cda_replay"]
    else:
        dose_results[n] = evaluate(
            fine_tune(base, tokenizer, bias_corpus.as_examples(cda_replay_set(n)), **RECIPE).model
        )
    r = dose_results[n]
    print(
        f"{n:4d} curated sentences: CEO {r['scores']['ceo'][0]:.3f}, nurse {r['scores']['nurse'][0]:.3f}, "
        f"perplexity {r['perplexity']:.3f}, facts {r['facts']:.0%}"
    )

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
xs = list(range(len(doses)))
left.plot(xs, [dose_results[n]["scores"]["ceo"][0] for n in doses], "o-", label="ceo")
left.plot(xs, [dose_results[n]["scores"]["nurse"][0] for n in doses], "s-", label="nurse")
left.axhspan(0.4, 0.6, color="grey", alpha=0.15)
left.set_ylim(0, 1)
left.set_ylabel("male share")
right.plot(xs, [dose_results[n]["perplexity"] / results["base"]["perplexity"] for n in doses], "o-")
right.set_ylabel("perplexity / base perplexity")
for axis in (left, right):
    axis.set_xticks(xs, doses)
    axis.set_xlabel("curated CEO sentences (before swapping)")
left.legend()
fig.suptitle("CDA + replay: more curated data, same 60 fine-tuning steps")
fig.tight_layout()
show_figure(fig, "dose-response")

# %% [markdown]
# **Expected result.** The CEO share falls from the base value towards 0.5 as curated data
# grows; at 200 sentences it is in the grey band (0.4–0.6), and perplexity stays within about
# 10 % of the base model throughout. With only a few dozen sentences the fine-tune sees each
# one many times: the model memorises them rather than learning a general balance, and the
# held-out share moves less.
#
# > **What this experiment does and does not show.**
# > It shows the *mechanics* in a setting where we know the truth: we wrote the skew into
# > the corpus, we measure it on templates the model never saw, and every number reruns in
# > seconds. It does **not** show that a real language model's bias can be fixed with two
# > hundred sentences. Real bias lives in millions of contexts, not one sentence shape; real
# > gender is not a swap of two word lists (names, titles and grammar do not pair up this
# > neatly, and not everyone is "he" or "she"); and template scores like ours measure one
# > narrow behaviour, which Blodgett et al. (2021) warn may not predict harm in use. Treat
# > the directions (over-correction, spill-over, the value of replay) as hypotheses to test
# > on your own model and data, not as numbers to expect.
#
# ## Exercises
#
# ### Exercise 1 — dilute the curated data
#
# `cda_replay` mixed its 400 curated sentences (200 and their swapped copies) one to one with
# replay. Change one thing: three replay sentences for every curated one,
# `cda_replay_set(N_CURATED, replay_per_curated=3)`, fine-tuned from `base` with
# `fine_tune(..., **RECIPE)` for the same 60 steps. The curated sentences are the same; each
# batch now carries a quarter of them instead of half.
#
# **Predict first**, and write it down: will the CEO's male share end nearer the base, nearer
# 0.5 than `cda_replay`, or beyond it? Will perplexity be better or worse than `cda_replay`'s?
# Then run it and store the new model's CEO male share on the held-out probes
# (`bias_scores(model)["ceo"][0]`, a number between 0 and 1) in `diluted_ceo_share`. Compare it
# with the `cda_replay` column above and explain the difference in one sentence: how many CEO
# sentences did the fine-tune see, in 60 steps of 32?

# %% tags=["exercise"]
diluted_ceo_share = None  # your code here

# %% tags=["solution"]
diluted_set = cda_replay_set(N_CURATED, replay_per_curated=3)
diluted = fine_tune(base, tokenizer, bias_corpus.as_examples(diluted_set), **RECIPE).model
diluted_ceo_share = bias_scores(diluted)["ceo"][0]
print(
    f"CEO male share: base {results['base']['scores']['ceo'][0]:.3f}, cda_replay "
    f"{results['cda_replay']['scores']['ceo'][0]:.3f}, three replay per curated {diluted_ceo_share:.3f}; "
    f"perplexity {perplexity(diluted, tokenizer, heldout_text):.3f}"
)

# %% tags=["check"]
# The check runs the same fine-tune itself (tiny_models/checks/bias.py) and measures it with its
# own code; your number must match it to five decimals.
_key = checks.Key(lambda: checks.diluted_cda_ceo_share(tokenizer, N_CURATED, STEPS, BATCH, LR, settings.seed))
check_answer(
    "exercise 1",
    diluted_ceo_share,
    lambda a: _key.accepts(a, 1e-5),
    "fine_tune(base, tokenizer, bias_corpus.as_examples(cda_replay_set(N_CURATED, replay_per_curated=3)), "
    "**RECIPE).model, then the CEO's male share: "
    "bias_scores(model)['ceo'][0], a fraction between 0 and 1.",
)

# %% [markdown]
# ### Exercise 2 — does the fix transfer to a second profession?
#
# Pilots are 80 % male in the corpus. Fine-tune with CDA + replay on 200 curated sentences
# that cover **both** CEOs and pilots (`cda_replay_set(200, professions=("ceo", "pilot"))`)
# and store the pilot's male share on held-out templates in `pilot_share`. Compare it with the
# pilot's share after the CEO-only `cda_replay` fine-tune: did naming the profession matter?

# %% tags=["exercise"]
pilot_share = None  # your code here

# %% tags=["solution"]
two_set = cda_replay_set(N_CURATED, professions=("ceo", "pilot"))
two_professions = fine_tune(base, tokenizer, bias_corpus.as_examples(two_set), **RECIPE).model
pilot_share = bias_scores(two_professions)["pilot"][0]
print(
    f"pilot male share: base {results['base']['scores']['pilot'][0]:.3f}, CEO-only cda_replay "
    f"{results['cda_replay']['scores']['pilot'][0]:.3f}, CEO+pilot cda_replay {pilot_share:.3f}"
)

# %% tags=["check"]
_key = checks.Key(lambda: checks.two_profession_pilot_share(tokenizer, N_CURATED, STEPS, BATCH, LR, settings.seed))
check_answer(
    "exercise 2",
    pilot_share,
    lambda a: _key.accepts(a, 1e-5),
    "fine-tune on cda_replay_set(N_CURATED, professions=('ceo', 'pilot')) and measure the pilot's "
    "male share on held-out probes with bias_scores, a fraction between 0 and 1.",
)

# %% [markdown]
# ### Exercise 3 — where did the fix spill over?
#
# Among the professions the CEO-only curated data never mentions, which one's male share
# moved furthest (in absolute value) between `base` and `cda_replay`, and by how much? Store
# the pair `(profession, change)` in `most_moved`, with the change signed: the share after
# `cda_replay` minus the share in `base` (negative if it moved towards "she"). Is it a
# profession whose base share was far from 0.5, or close to it?

# %% tags=["exercise"]
most_moved = None  # your code here

# %% tags=["solution"]
moves = {
    p: results["cda_replay"]["scores"][p][0] - results["base"]["scores"][p][0]
    for p in bias_corpus.PROFESSIONS
    if p != "ceo"
}
name = max(moves, key=lambda p: abs(moves[p]))
most_moved = (name, moves[name])
print({p: round(m, 3) for p, m in moves.items()}, "->", most_moved)


# %% tags=["check"]
def _spill_over():
    others = [p for p in bias_corpus.PROFESSIONS if p != "ceo"]
    before = checks.male_share(base, tokenizer, others)
    after = checks.male_share(models["cda_replay"], tokenizer, others)
    change = {p: after[p] - before[p] for p in others}
    top = max(change, key=lambda p: abs(change[p]))
    return (top, change[top])


_key = checks.Key(_spill_over)
check_answer(
    "exercise 3",
    most_moved,
    lambda a: _key.accepts(a, 1e-5),
    "for every profession except 'ceo', subtract the base's male share from cda_replay's; keep the "
    "one with the largest absolute change, as (name, signed change).",
)

# %% [markdown]
# ## Check yourself
#
# <details><summary>The naive fine-tune brought the CEO share from about 0.9 to almost 0. Is that a success?</summary>
#
# No. A model that nearly always continues "the ceo ..." with "she" is biased too, in the
# other direction, and here it also dragged every other profession with it and lost
# fluency. "Show it many female CEOs" is the right intuition only if you also show it what
# should stay the same.
# </details>
#
# <details><summary>Why measure on held-out templates instead of the sentences used in fine-tuning?</summary>
#
# On its own fine-tuning sentences a model can simply recall what it was just shown. New
# templates test whether the association itself changed, and the held-out frame (the
# profession as the object, "the team met the ceo .") tests it in a sentence shape that no
# training sentence has, which is closer to what a user would meet.
# </details>
#
# <details><summary>CDA gives a perfectly balanced curated set. Why does it still move nurse?</summary>
#
# Balance inside the curated set says nothing about what the set leaves out. Four hundred
# sentences that all carry a 50/50 gender signal push the model's general prior for "he
# vs she after a profession" towards 50/50; nothing in the data tells it that nurses
# should keep their old statistics. Replay supplies that information.
# </details>
#
# <details><summary>Re-weighting matched the best fine-tune on pronoun probes at no cost. Why fine-tune at all?</summary>
#
# Because the re-weighting only reaches what you list: here "he" and "she" after "ceo". The
# name probes kept the old skew. A real model can express the same assumption through names,
# *his* and *her*, titles, a described appearance or a story's plot, after any of many ways of
# naming the job; no list covers them all. The fine-tunes changed the association itself, so
# names moved with pronouns. When the bias lives in a few listable words, the decoding-time
# fix is cheaper, instant to undo, and has no side effects; otherwise fine-tune, and measure.
# </details>
#
# <details><summary>cda_replay beat naive on perplexity. Is that the counterfactual augmentation's doing?</summary>
#
# Mostly not: naive_replay, which has no counterfactual sentences, recovered most of that
# perplexity too. That is what the two-by-two design is for. CDA's own contribution is the
# balance (the parity gap); replay's is the model's general fit. Comparing only naive with
# cda_replay would have credited both to the curated data.
# </details>
#
# <details><summary>Perplexity stayed within 10 % of base. Does that prove the model lost nothing?</summary>
#
# No: it shows the average fit to pretraining-like text barely changed. A capability the
# perplexity text rarely exercises could still be damaged, which is why we add a specific
# probe (the colour facts) and why real evaluations use several (Meade et al. 2022).
# </details>
#
# ## Further reading
#
# - Kurita, Vyas, Pareek, Black & Tsvetkov (2019), *Measuring Bias in Contextualized Word
#   Representations*, 1st Workshop on Gender Bias in NLP: the log-probability bias score. Their
#   version also divides by a prior (the same template with the profession masked); try adding
#   that normalisation to `bias_scores`.
# - Lu, Mardziel, Wu, Amancharla & Datta (2018), *Gender Bias in Neural Natural Language
#   Processing*, arXiv 1807.11714: counterfactual data augmentation.
# - Zmigrod, Mielke, Wallach & Cotterell (2019), *Counterfactual Data Augmentation for
#   Mitigating Gender Stereotypes in Languages with Rich Morphology*, ACL: stereotyping down by a
#   factor of 2.5 on average over four languages, and why swapping words is harder than it
#   looks outside English.
# - Webster et al. (2020), *Measuring and Reducing Gendered Correlations in Pre-trained Models*,
#   arXiv 2010.06032: counterfactual augmentation at pretraining scale, and checks that
#   accuracy survives.
# - Garimella, Mihalcea & Amarnath (2022), *Demographic-Aware Language Model Fine-tuning as a
#   Bias Mitigation Technique*, AACL-IJCNLP: fine-tuning on text by women (or by African
#   authors) reduced gender (or racial) bias in BERT-like models.
# - Wang & Russakovsky (2023), *Overwriting Pretrained Bias with Finetuning Data*, ICCV, arXiv
#   2303.06167: in vision models, small changes to the fine-tuning data counter bias inherited
#   from pretraining — evidence by analogy for what you saw here.
# - Nangia, Vania, Bhalerao & Bowman (2020), *CrowS-Pairs*, EMNLP: a benchmark of paired
#   sentences on which BERT scored 60.5 (50 = unbiased).
# - Blodgett, Lopez, Olteanu, Sim & Wallach (2021), *Stereotyping Norwegian Salmon*, ACL: why
#   benchmark scores like these can mislead; read it before trusting any bias number.
# - Meade, Poole-Dayan & Reddy (2022), *An Empirical Survey of the Effectiveness of Debiasing
#   Techniques for Pre-trained Language Models*, ACL: debiasing often costs language-modelling
#   ability; measure both, as this lab does.
# - Next: [Lab 03](03_distillation.ipynb) makes a small model do a big model's job, and
#   measures what that buys in speed.
