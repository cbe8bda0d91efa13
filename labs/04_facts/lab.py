# %% [markdown]
# # Lab 04 — Facts in the prompt or in the weights
#
# **The question.** Your shop's assistant must quote the price of every product in the
# catalogue, and prices change. Should you fine-tune the prices into the model's weights, or
# leave the weights alone and put the catalogue line a retriever finds into the prompt?
#
# **What you will see.** Two versions of the same tiny model answer price questions in phrasings
# they never trained on. One learned the catalogue by fine-tuning; the other only learned the
# *skill* of reading a price from catalogue lines, and gets the lines from a BM25 retriever.
# Then a quarter of the prices change and new products arrive, and you measure which version
# keeps up, what retraining costs, how the reader's accuracy depends on the retriever's, and
# what each way costs per query and per update.
#
# **Run time.** About 30 seconds on 2 CPU cores in normal mode (imports, three short
# fine-tuning runs, a few thousand generated answers), about 20 seconds in fast mode.
#
# **Learning objectives.** After this lab you can
#
# 1. measure whether a model knows a fact or reads it, on phrasings it never trained on;
# 2. explain what happens to facts in the weights when the facts change, and what keeping them
#    current costs;
# 3. build a small retrieval step (BM25) and show that, with retrieval, accuracy follows
#    retrieval precision, so the failure moves to a component you can measure and fix;
# 4. compare the two ways by prompt tokens, latency and cost per update.

# %%
import inspect
import resource
import statistics
import time

import tiny_models
from tiny_models import count_parameters, generate_replies, lab_figures, load_checkpoint, retrieval_faults
from tiny_models.checks import facts as checks
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.latency import median_latency_ms
from tiny_models.retrieval import BM25
from tiny_models.tasks import catalogue

settings = lab_settings()

# %% [markdown]
# ## 1. The shop, the questions and the model
#
# The catalogue has 24 products, each a colour, a material and an item ("red wool scarf"),
# with a price in whole dollars from 10 to 99 (one token, "45"). It is drawn at random for
# each seed, so your shop is not the one on the site. Customers ask for prices in many phrasings;
# we train on some and measure on two phrasings that no model ever trains on.

# %%
N_PRODUCTS = 24
shop = catalogue.make_catalogue(N_PRODUCTS, seed=settings.seed)
for product in shop[:5]:
    print(product.line)
print(f"... {len(shop)} products")
print("\nphrasings for training:", *catalogue.QUESTION_TEMPLATES["train"], sep="\n  ")
print("phrasings held out (never trained on):", *catalogue.QUESTION_TEMPLATES["heldout"], sep="\n  ")

# %% [markdown]
# The model is `catalogue-reader`, a GPT-2-style model of two layers (its model card says what
# it read). It was trained on one skill: given catalogue lines and a question, name the product
# and copy its price from the right line. Its training prompts held random products with random
# prices, never this shop's catalogue, and always some catalogue lines. It reads a single line
# reliably; section 5 shows what happens with several.
#
# Two helpers are this lab's whole yardstick. `answers` generates greedy replies; `accuracy`
# counts a reply as correct only if it is word for word the reference ("the red wool scarf
# costs 45 dollars ."), so a wrong price or a wrong product name is wrong.

# %%
reader, tokenizer = load_checkpoint("catalogue-reader")
print(f"catalogue-reader: {count_parameters(reader):,} parameters")


def answers(model, queries: list[str]) -> list[str]:
    return generate_replies(model, tokenizer, queries, max_new_tokens=catalogue.REPLY_TOKENS)


def accuracy(model, examples, prompts=None) -> float:
    """Share of exact answers; ``prompts`` replaces the examples' own queries (e.g. with context)."""
    replies = answers(model, prompts or [ex.query for ex in examples])
    return sum(r == ex.response for r, ex in zip(replies, examples)) / len(examples)


trained_questions = catalogue.closed_book(shop, split="train")  # 8 phrasings per product
heldout_questions = catalogue.closed_book(shop, split="heldout")  # 2 phrasings per product
reading_test = catalogue.reading_examples(settings.pick(200, 120), split="heldout", seed=settings.seed, max_lines=1)

print(f"reading skill (random products, one line in the prompt): {accuracy(reader, reading_test):.0%}")
baseline = accuracy(reader, heldout_questions)
print(f"this shop's prices without any lines in the prompt:    {baseline:.0%}")
print("e.g.", heldout_questions[0].query, "->", answers(reader, [heldout_questions[0].query])[0])

# %% [markdown]
# **Expected** (`reader/...`; every range, valid on any seed, is in the table of section 6).
# The reader reads a single line almost always right, and knows almost none of this shop's
# prices (a guess from 10 to 99 is right about once in 90): the sceptic's first control, the
# model does not know the prices before we give them to it.
#
# ## 2. Facts in the weights
#
# **Predict before you run.** We fine-tune a copy of the reader on the 24 prices, each asked in
# the 8 training phrasings (192 question/answer pairs). We measure it on the phrasings it
# trained on, on the 2 phrasings it never saw, and on its old skill of reading lines. Which of
# the three will be high after fine-tuning? Write down a number for each.
#
# A second fine-tune is the control Ovadia et al. (2024) point to: the same facts, the same
# number of steps, but **one phrasing per fact**. Does seeing each fact in many paraphrases
# matter for the phrasings never seen?

# %%
STEPS = settings.pick(250, 200)
BATCH, LR = 32, 3e-3


def fine_tune(examples, start=reader, steps=STEPS):
    """A fresh copy of ``start`` fine-tuned on ``examples``; returns it and the seconds it took."""
    run = tiny_models.fine_tune(
        start, tokenizer, examples, steps=steps, batch_size=BATCH, lr=LR, seed=settings.seed, progress=False
    )
    return run.model, run.seconds


def closed_book_scores(model) -> dict[str, float]:
    return {
        "trained phrasings": accuracy(model, trained_questions),
        "held-out phrasings": accuracy(model, heldout_questions),
        "reading skill": accuracy(model, reading_test),
    }


memoriser, train_seconds = fine_tune(trained_questions)
one_phrasing = catalogue.closed_book(shop, split="train", templates=1)
memoriser_one, _ = fine_tune(one_phrasing)
scores = {
    "reader (no fine-tune)": closed_book_scores(reader),
    "weights, 8 phrasings": closed_book_scores(memoriser),
    "weights, 1 phrasing": closed_book_scores(memoriser_one),
}
print(f"{'model':24s} {'trained':>9s} {'held-out':>9s} {'reading':>9s}")
for name, s in scores.items():
    print(f"{name:24s} {s['trained phrasings']:>9.0%} {s['held-out phrasings']:>9.0%} {s['reading skill']:>9.0%}")
print(f"\nfine-tuning took {train_seconds:.1f} s for {STEPS} steps")

# %% [markdown]
# **Expected** (`weights...`, `paraphrase_gain`). With 8 phrasings nearly every price comes
# back, on trained and held-out phrasings. With one phrasing per fact the model answers the
# sentence it saw but far fewer of the others, by a margin that depends on the seed. The reading
# skill, which nobody trained in this fine-tune, collapses.
#
# So fine-tuning *can* put facts into a model's weights, and with enough paraphrases the facts
# come back in new phrasings. Ovadia et al. (2024) saw the same with 7B models: fine-tuning on
# the facts helped, and helped more when each fact came in many paraphrases. Keep two costs in
# mind: each fact had to be written out in many phrasings, and the model lost a skill it had
# (as in [Lab 01](01_forgetting.ipynb)).
#
# ## 3. Facts in the context
#
# The other way leaves the weights alone. A retriever finds the catalogue line that best matches
# the question, and the prompt carries it: `catalogue : line | question`.
#
# Our retriever is **BM25** (Robertson & Zaragoza, 2009), the classic term-based ranking that
# search engines used for decades and retrieval systems still use as a first stage. A package
# such as `rank-bm25` or `bm25s` would do the same; for 24 lines of three words we keep the
# formula in `tiny_models/retrieval.py`, short enough to read here:

# %%
print(inspect.getsource(BM25))

# %% [markdown]
# **Predict:** the reader never saw this shop. With the line BM25 ranks first in the prompt,
# what share of the held-out questions will it answer right?

# %%
TOP_K = 1  # the reader reads one line reliably (section 5 measures more)


def context_prompts(index: BM25, examples, k: int = TOP_K) -> list[str]:
    return [catalogue.with_context(index.top(ex.query, k), ex.query) for ex in examples]


def top1_precision(index: BM25, examples, lines_by_name) -> float:
    """Share of questions whose best-ranked line is the asked product's line."""
    return sum(index.top(ex.query, 1)[0] == lines_by_name[ex.product] for ex in examples) / len(examples)


index = BM25([p.line for p in shop])
prompts = context_prompts(index, heldout_questions)
context_acc = accuracy(reader, heldout_questions, prompts)
precision = top1_precision(index, heldout_questions, {p.name: p.line for p in shop})
print("a prompt:", prompts[0])
print("the reply:", answers(reader, prompts[:1])[0])
print(f"\nretrieval: the right line ranked first for {precision:.0%} of the questions")
print(
    f"reader + BM25 top-{TOP_K} line on held-out phrasings: {context_acc:.0%} (weights, 8 phrasings: "
    f"{scores['weights, 8 phrasings']['held-out phrasings']:.0%})"
)

# %% [markdown]
# **Expected** (`context/...`). BM25 ranks the right line first for every question: a question
# names all three words of its product, and no other line has all three. The reader answers
# nearly all of them, on a shop it never trained on, with no fine-tuning at all: it learned the
# *skill*, and the facts arrive with the question.
#
# ## 4. The prices change, new products arrive
#
# **Predict:** a quarter of the prices change and 6 new products are added. Which model
# answers the new prices right away? What does the fine-tuned model say about a product whose
# price changed: the new price, the old one, or something else?

# %%
updated, changed = catalogue.change_prices(shop, 0.25, seed=settings.seed)
new_products = catalogue.make_catalogue(6, seed=settings.seed, exclude=frozenset(p.name for p in shop))
shop_now = updated + new_products
old_price = {p.name: p.price for p in shop}
groups = {
    "changed": [p for p in updated if p.name in changed],
    "unchanged": [p for p in updated if p.name not in changed],
    "new": new_products,
}
questions_now = {g: catalogue.closed_book(ps, split="heldout") for g, ps in groups.items()}
print(f"{len(changed)} prices changed, {len(new_products)} new products; e.g.")
for p in groups["changed"][:2]:
    print(f"  {p.name}: {old_price[p.name]} -> {p.price}")


def price_in(reply: str) -> str:
    """The price a reply states: the number in it ("" if there is none)."""
    return next((word for word in reply.split() if word.isdigit()), "")


def old_price_share(model) -> float:
    """Among changed products, the share of replies that state the *old* price."""
    replies = answers(model, [ex.query for ex in questions_now["changed"]])
    return sum(price_in(r) == old_price[ex.product] for r, ex in zip(replies, questions_now["changed"])) / len(replies)


index_now = BM25([p.line for p in shop_now])  # the update: rebuild the index from the new catalogue
began = time.perf_counter()
index_now = BM25([p.line for p in shop_now])
reindex_ms = 1000 * (time.perf_counter() - began)

after = {
    "context (reader + BM25)": {
        g: accuracy(reader, exs, context_prompts(index_now, exs)) for g, exs in questions_now.items()
    },
    "weights, not retrained": {g: accuracy(memoriser, exs) for g, exs in questions_now.items()},
}
stale_old_share = old_price_share(memoriser)

# %% [markdown]
# The fair comparison for the weights is to retrain them on the new catalogue: the fine-tuned
# model is fine-tuned again on every product of the updated catalogue (30 products x 8 phrasings),
# with the same recipe and twice the steps (with the first budget, retraining left some seeds
# half-way between the old and the new catalogue).

# %%
retrained, retrain_seconds = fine_tune(catalogue.closed_book(shop_now, split="train"), start=memoriser, steps=2 * STEPS)
after["weights, retrained"] = {g: accuracy(retrained, exs) for g, exs in questions_now.items()}
retrained_reading = accuracy(retrained, reading_test)

print(f"{'':26s} {'changed':>8s} {'unchanged':>10s} {'new':>8s}")
for name, acc in after.items():
    print(f"{name:26s} {acc['changed']:>8.0%} {acc['unchanged']:>10.0%} {acc['new']:>8.0%}")
print(f"\nthe stale weights model states the OLD price for {stale_old_share:.0%} of the changed products")
print(f"update cost: rebuilding the BM25 index {reindex_ms:.2f} ms; retraining the weights {retrain_seconds:.1f} s")
print(
    f"reading skill after retraining: {retrained_reading:.0%} (reader: {scores['reader (no fine-tune)']['reading skill']:.0%})"
)

show_figure(lab_figures.after_the_update(after, len(new_products)), "after-the-update")

# %% [markdown]
# **Expected** (`context_after/...`, `stale/...`, `retrained/...`). The context model stays
# right on changed, unchanged and new products alike, after an index rebuild of well under a
# millisecond. The fine-tuned model, until retrained, gets few changed prices right, and most
# of its answers state the *old* price, fluently and confidently; on new products it invents a
# price (with 6 of them, a lucky guess can show up). Retraining fixes the prices, at the cost of
# a training run per update and of the reading skill, which stays low.
#
# This is what "facts belong in the context" means in practice: a fact in the prompt is
# changed by editing a document; a fact in the weights is changed by training, and until then
# the model states the old fact as if it were current.
#
# ## 5. Retrieval quality: the failure moves to the retriever
#
# With facts in the context, the reader can only be as right as the lines it is given. We
# measure that directly, on the updated catalogue:
#
# - **wrong line**: the prompt holds one line, the best-ranked line that is *not* the product
#   asked about (a near miss sharing words with it; `tiny_models/retrieval_faults.py` builds
#   these prompts);
# - **top-1 precision p**: for a share p of the questions the single line is the right one,
#   for the rest the wrong line above;
# - **the right line among k distractors**: the right line plus the k next-best BM25 lines.
#
# **Predict:** if the retriever ranks the right line first for 60 % of the questions, what will
# the reader's accuracy be?

# %%
all_now = [ex for exs in questions_now.values() for ex in exs]
line_of = {p.name: p.line for p in shop_now}


precisions = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
precision_curve = {
    p: accuracy(reader, all_now, retrieval_faults.with_precision(index_now, all_now, line_of, p)) for p in precisions
}
distractor_curve = {
    k: accuracy(reader, all_now, retrieval_faults.among_distractors(index_now, all_now, line_of, k))
    for k in range(catalogue.MAX_LINES)
}
wrong_prompt = retrieval_faults.with_precision(index_now, all_now, line_of, 0.0)[0]
print("wrong line:", wrong_prompt, "->", answers(reader, [wrong_prompt])[0])
for p, acc in precision_curve.items():
    print(f"top-1 precision {p:.0%}: accuracy {acc:.0%}")
for k, acc in distractor_curve.items():
    print(f"right line + {k} distractors: accuracy {acc:.0%}")

show_figure(lab_figures.retrieval_precision(precision_curve, distractor_curve), "retrieval-precision")

# %% [markdown]
# **Expected** (`precision_curve/...`, `distractors/...`). Accuracy follows precision along the
# diagonal: given the wrong line, the reader copies the wrong price, as confidently as the stale
# weights model did. Every near-miss distractor beside the right line costs accuracy: this small
# reader was trained on prompts with several lines but did not learn, in its training budget,
# to pick the line whose *whole* name matches. That is why this lab hands it the top line only.
#
# The lesson: with retrieval, a wrong answer comes from a component you can inspect. You can
# print what was retrieved, measure the retriever's precision on its own, and fix it (better
# queries, a better ranker, fewer and better lines) without touching the facts. Large models
# use a relevant passage less well when it sits among many others (Liu et al., 2024, "Lost in
# the Middle"), so more retrieved text is not automatically better.
#
# ## 6. What each way costs
#
# Facts in the context make every prompt longer; facts in the weights make every update a
# training run. We measure both in this run: prompt tokens per question, latency of one
# question at a time (measured with `tiny_models.latency` as in Lab 00: the two models take
# turns, median of 30), and the work per catalogue update.

# %%
sample = all_now[:30]
closed_prompts = [ex.query for ex in sample]
open_prompts = context_prompts(index_now, sample)


def n_tokens(prompt: str) -> int:
    return len(tokenizer(prompt)["input_ids"])


added_tokens = statistics.mean(n_tokens(o) - n_tokens(c) for o, c in zip(open_prompts, closed_prompts))
latency_ms = median_latency_ms(
    {"context": lambda pair: answers(reader, [pair[1]]), "weights": lambda pair: answers(retrained, [pair[0]])},
    list(zip(closed_prompts, open_prompts)),
)
peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB

right_after = {
    name: statistics.mean(after[name].values()) for name in ("context (reader + BM25)", "weights, not retrained")
}
for row in [
    ("", "facts in the context", "facts in the weights"),
    ("prompt tokens added/query", f"{added_tokens:.1f}", "0"),
    ("latency per query (ms)", f"{latency_ms['context']:.1f}", f"{latency_ms['weights']:.1f}"),
    ("work per catalogue update", f"re-index, {reindex_ms:.2f} ms", f"retrain, {retrain_seconds:.1f} s"),
    ("right after the update", *(f"{v:.0%}" for v in right_after.values())),
    ("reading skill kept", "yes", f"{retrained_reading:.0%}"),
]:
    print(f"{row[0]:28s} {row[1]:>22s} {row[2]:>22s}")
print(f"\npeak memory of this notebook: {peak_rss_mb:.0f} MB")

SHORT = dict(zip(after, ("context_after", "stale", "retrained")))  # short names for the metrics
metrics = {
    "reader/reading": scores["reader (no fine-tune)"]["reading skill"],
    "reader/closed_book": baseline,
    "weights/trained_phrasings": scores["weights, 8 phrasings"]["trained phrasings"],
    "weights/heldout_phrasings": scores["weights, 8 phrasings"]["held-out phrasings"],
    "weights/reading": scores["weights, 8 phrasings"]["reading skill"],
    "weights_one_phrasing/trained_phrasings": scores["weights, 1 phrasing"]["trained phrasings"],
    "weights_one_phrasing/heldout_phrasings": scores["weights, 1 phrasing"]["held-out phrasings"],
    "paraphrase_gain": (
        scores["weights, 8 phrasings"]["held-out phrasings"] - scores["weights, 1 phrasing"]["held-out phrasings"]
    ),
    "context/heldout_phrasings": context_acc,
    "context/top1_precision": precision,
    **{f"{SHORT[name]}/{g}": acc for name, by_group in after.items() for g, acc in by_group.items()},
    "stale/old_price_share": stale_old_share,
    "retrained/reading": retrained_reading,
    **{f"precision_curve/{p:.1f}": acc for p, acc in precision_curve.items()},
    **{f"distractors/{k}": acc for k, acc in distractor_curve.items()},
    "added_prompt_tokens": added_tokens,
    "context/latency_ms": latency_ms["context"],
    "weights/latency_ms": latency_ms["weights"],
    "train_seconds": train_seconds,
    "retrain_seconds": retrain_seconds,
    "reindex_ms": reindex_ms,
    "peak_rss_mb": peak_rss_mb,
}
record_metrics(metrics)
show_expected("facts", metrics)

# %% [markdown]
# **Expected.** The table above sets each recorded number beside its expected range. The
# context prompt is about 8 tokens longer (a line of 5 tokens, plus separators), so each answer
# is a little slower, if at all (generation time here is mostly fixed costs, and noisy). An
# update costs a millisecond of re-indexing against seconds of retraining; for a real model,
# hours of GPU time and a new evaluation. At the scale of a real product, long prompts are the
# cost that grows: every query pays for its context, so keep retrieved passages short.
#
# ## Honest limits
#
# - Our facts are one number per product, and our "retriever" matches product names that the
#   question repeats word for word. Real questions paraphrase ("the woollen one in red"), which
#   is why real systems add dense (embedding) retrieval to BM25, and still miss sometimes.
# - Our fine-tuned model saw every fact in 8 phrasings for hundreds of steps. At scale,
#   fine-tuning on documents stores facts less reliably: Ovadia et al. (2024) found retrieval
#   ahead of unsupervised fine-tuning on every benchmark they tried, and Gekhman et al. (2024)
#   found that new facts are learned slowly by fine-tuning and, once learned, make a model
#   more prone to state things it does not know.
# - The reader was *trained* to read catalogue lines, and reads one line well but not several.
#   A large pretrained model reads context out of the box and handles many passages, but also
#   less reliably when the relevant one is buried among others; that is another reason to
#   measure retrieval and keep context short.
# - The weights model's lost reading skill is partly our choice: replaying reading examples
#   during the fine-tune would keep it (see [Lab 01](01_forgetting.ipynb)). The stale prices
#   are not a choice: no recipe makes weights know a price that changed after training.
#
# ## Exercises
#
# ### Exercise 1 — what does a stale model say?
#
# Before retraining, which of the changed products does the fine-tuned model `memoriser` quote
# at their **old** price, in at least one of the held-out phrasings? Store their names as a set
# in `products_at_old_price` (`questions_now["changed"]` holds the questions, `old_price` the
# old prices, `price_in(reply)` reads the price from a reply).

# %% tags=["exercise"]
products_at_old_price = None  # your code here

# %% tags=["solution"]
stale_replies = answers(memoriser, [ex.query for ex in questions_now["changed"]])
products_at_old_price = {
    ex.product for ex, reply in zip(questions_now["changed"], stale_replies) if price_in(reply) == old_price[ex.product]
}
print(
    f"{len(products_at_old_price)} of {len(changed)} quoted at the old price:", ", ".join(sorted(products_at_old_price))
)


# %% tags=["check"]
_at_old = checks.quoted_at(lambda q: answers(memoriser, q), groups["changed"], old_price)
check_answer(
    "exercise 1",
    products_at_old_price,
    lambda a: not isinstance(a, str) and set(a) == _at_old,
    "ask memoriser each held-out question about a changed product, read the price from each reply "
    "with price_in(), and collect the *names* of the products with at least one old price.",
)

# %% [markdown]
# ### Exercise 2 — does the fine-tuned model read the new price if you give it?
#
# A natural fix: keep the fine-tuned model and *also* give it the retrieved lines. Build the
# context prompts for the changed products' questions with `context_prompts(index_now, ...)`
# (the lines carry the new prices), ask `memoriser` (not retrained), and store the price it
# states for each question (`price_in`) in `prices_with_context`, a list in the order of
# `questions_now["changed"]`. New prices from the prompt, or old ones from its weights?

# %% tags=["exercise"]
prices_with_context = None  # your code here

# %% tags=["solution"]
changed_prompts = context_prompts(index_now, questions_now["changed"])
prices_with_context = [price_in(reply) for reply in answers(memoriser, changed_prompts)]
new_price = {p.name: p.price for p in shop_now}
said = [
    {new_price[ex.product]: "new", old_price[ex.product]: "old"}.get(x, "other")
    for x, ex in zip(prices_with_context, questions_now["changed"])
]
print({source: said.count(source) for source in ("new", "old", "other")}, "of", len(said), "answers")

# %% tags=["check"]
_stated = checks.prices_read_with_context(lambda q: answers(memoriser, q), index_now, questions_now["changed"], TOP_K)
check_answer(
    "exercise 2",
    prices_with_context,
    lambda a: not isinstance(a, str) and [str(x) for x in a] == _stated,
    "use context_prompts(index_now, questions_now['changed']) as the prompts, generate memoriser's "
    "answers with answers(memoriser, prompts), and keep price_in(reply) for each, in order.",
)

# %% [markdown]
# Expect most answers to come from memory: a model fine-tuned on facts *without* context
# answers from its weights and ignores the passage you hand it later (here it had also lost its
# reading skill). If you fine-tune a model that will work with retrieval, fine-tune it with the
# kind of context it will see.
#
# ### Exercise 3 — a cheaper update?
#
# Retraining on the whole catalogue for every price change is expensive. Try the cheap update:
# fine-tune `memoriser` on the **changed products only** (all 8 training phrasings each, with
# `fine_tune(..., start=memoriser)`) and store the updated model in `patched`. Then store in
# `lost_by_patch` the **set** of the unchanged products whose price `patched` gets wrong in at
# least one held-out phrasing (`questions_now["unchanged"]`). Did the cheap update keep the
# prices it was not shown?

# %% tags=["exercise"]
patched = None  # your code here
lost_by_patch = None  # your code here

# %% tags=["solution"]
patched, patch_seconds = fine_tune(catalogue.closed_book(groups["changed"], split="train"), start=memoriser)
unchanged_replies = answers(patched, [ex.query for ex in questions_now["unchanged"]])
lost_by_patch = {
    ex.product for ex, r in zip(questions_now["unchanged"], unchanged_replies) if price_in(r) != old_price[ex.product]
}
print(
    f"patch: {patch_seconds:.1f} s; changed prices now {accuracy(patched, questions_now['changed']):.0%} right; "
    f"{len(lost_by_patch)} of {len(groups['unchanged'])} unchanged products lost their price"
)

# %% tags=["check"]
check_answer(
    "exercise 3",
    lost_by_patch,
    lambda a: (
        accuracy(patched, questions_now["changed"]) >= 0.8  # the patch did teach the new prices
        and not isinstance(a, str)
        and set(a)
        == {p.name for p in groups["unchanged"]}
        - checks.quoted_at(lambda q: answers(patched, q), groups["unchanged"], old_price, every=True)
    ),
    "fine-tune start=memoriser on catalogue.closed_book(groups['changed'], split='train'); the patched model "
    "must get the changed prices right; then collect the unchanged products with a wrong held-out answer.",
)

# %% [markdown]
# Fine-tuning on a few facts moves the weights that held the others: the cheap patch costs
# prices it was never meant to touch, the forgetting of [Lab 01](01_forgetting.ipynb) at the
# scale of single facts. With facts in the context, an update touches one line and nothing else.
#
# ## Check yourself
#
# <details><summary>The fine-tuned model answered 90 % of held-out phrasings right. Why is that not enough to prefer it?</summary>
#
# Because the catalogue changes. The weights hold the prices of the day they were trained; after
# an update the model states old prices, confidently, until someone retrains and re-evaluates it.
# The context model was right on the day of the update, and its update was an index rebuild.
# </details>
#
# <details><summary>Why did the one-phrasing fine-tune do worse on phrasings it never saw?</summary>
#
# With a single phrasing, the model can tie each price to that sentence as a whole rather than to
# the product's name within any sentence. Many phrasings of the same fact leave the product name
# as the only thing they share, so the price gets tied to it. Ovadia et al. (2024) report the same
# benefit of paraphrases for 7B models.
# </details>
#
# <details><summary>With retrieval, the reader answers wrongly when it gets the wrong line. Is that better than the stale weights model?</summary>
#
# The answer is just as wrong, but the cause is visible and separable: you can log what was
# retrieved, measure the retriever's precision on its own test set, and fix it without
# retraining the model. The stale weights model gives no such handle: its wrong fact is spread
# over its weights.
# </details>
#
# <details><summary>When would you still put facts into the weights?</summary>
#
# When they are stable and needed on nearly every query (so the prompt tokens would cost more
# than an occasional retrain), when there is no room or time for retrieval at inference, or when
# what you need is not the facts but a behaviour around them: how to quote a price, what to say
# when the catalogue has no line for a product. That behaviour is what fine-tuning is for.
# </details>
#
# ## Further reading
#
# - Ovadia, Brief, Mishaeli & Elisha (2024), *Fine-Tuning or Retrieval? Comparing Knowledge
#   Injection in LLMs*, EMNLP, arXiv 2312.05934: retrieval beat unsupervised fine-tuning for
#   knowledge old and new; fine-tuning helped more with many paraphrases of each fact.
# - Gekhman et al. (2024), *Does Fine-Tuning LLMs on New Knowledge Encourage Hallucinations?*,
#   EMNLP, arXiv 2405.05904: new facts are learned slowly in fine-tuning, and learning them makes
#   the model hallucinate more.
# - Lewis et al. (2020), *Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks*,
#   NeurIPS: a generator that reads retrieved passages, whose knowledge can be updated by
#   swapping the document index.
# - Liu et al. (2024), *Lost in the Middle: How Language Models Use Long Contexts*, TACL: models
#   use a relevant passage best at the start or end of a long context, worse in the middle.
# - Robertson & Zaragoza (2009), *The Probabilistic Relevance Framework: BM25 and Beyond*,
#   Foundations and Trends in Information Retrieval: where the BM25 formula comes from.
# - Huyen (2025), *AI Engineering*, O'Reilly, chapter 7: information failures call for
#   retrieval, behaviour failures for fine-tuning.
# - Next: [Lab 05](05_real_model.ipynb) re-checks these lessons on a real chat model,
#   SmolLM2-135M-Instruct, on the CPU.
