# %% [markdown]
# # Lab 00 — Meet your tiny model
#
# **The question.** Before we fine-tune anything, what does our starting model know? Every lab
# on this site starts from small models trained on this machine, so you can run the whole
# story on a laptop CPU. This lab introduces `support-base`, the assistant of the forgetting lab.
#
# **What you will see.** A GPT-2-style model with about a hundred thousand parameters, and its
# replies to the three kinds of support-desk queries: product recommendations, order changes and
# general feedback. You will measure how many replies are exactly right for each kind, how fast
# it answers, and, in the exercises, what it does with numbers longer than any it was trained on.
#
# **Run time.** Under 10 seconds on 2 CPU cores, most of it importing PyTorch.
#
# **Learning objectives.** After this lab you can
#
# 1. load a checkpoint with the ordinary `from_pretrained` code and read its size;
# 2. measure per-task accuracy of a generative model by exact match on held-out templates;
# 3. explain what a model does with requests unlike its training data: a new kind of request, a
#    longer number;
# 4. time inference and tell per-query latency from batch throughput;
# 5. read the one step of gradient descent that every fine-tune in this course repeats.

# %%
import copy
import inspect
import random
import re

import matplotlib.pyplot as plt
import torch

from tiny_models import count_parameters, generate_replies, load_checkpoint, task_accuracy
from tiny_models.batching import encode_examples
from tiny_models.checkpoints import checkpoint_path
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.latency import median_latency_ms, throughput
from tiny_models.tasks import support_desk
from tiny_models.training import training_step

settings = lab_settings()

# %% [markdown]
# ## 1. Load the model
#
# `load_checkpoint` first checks the files against the sha256 hashes in the project's
# manifest, then calls `GPT2LMHeadModel.from_pretrained` and `AutoTokenizer.from_pretrained`
# on the folder: the same code you would use for a model from a hub, reading safetensors only.

# %%
model, tokenizer = load_checkpoint("support-base")
folder = checkpoint_path("support-base")
n_params = count_parameters(model)
size_mb = (folder / "model.safetensors").stat().st_size / 1e6
print(
    f"{n_params:,} parameters, {model.config.n_layer} layers of width {model.config.n_embd}, "
    f"{len(tokenizer)} words in the vocabulary, {size_mb:.2f} MB on disk"
)
GPT2_SMALL_PARAMS = 124_000_000  # the smallest GPT-2 (Radford et al., 2019)
print(f"GPT-2 small is {GPT2_SMALL_PARAMS / n_params:,.0f} times bigger")

# %% [markdown]
# For scale: the smallest GPT-2 has 124 million parameters. Our vocabulary is a few hundred
# whole words and our sentences are short, which is why a model this small can do the job.
#
# ## 2. Watch it answer
#
# The model reads a query followed by a `[SEP]` marker and writes a reply until it produces
# `[EOS]`. **Predict before you run the next cell:** it was trained on recommendations and
# feedback only. What will it reply to *"please cancel order 1 2 3 4"*?

# %%
examples = [
    ex for task in support_desk.TASKS for ex in support_desk.make_examples(task, 2, split="heldout", seed=settings.seed)
]
replies = generate_replies(model, tokenizer, [ex.query for ex in examples])
for ex, reply in zip(examples, replies):
    mark = "✓" if reply == ex.response else "✗"
    print(f"[{ex.task}] {ex.query}\n   model:    {reply}\n   expected: {ex.response} {mark}\n")

# %% [markdown]
# The order-change replies are fluent but wrong: the model answers in the shape it knows best.
# A model that has never seen a kind of request does not say "I don't know"; it pattern-matches
# to what it has seen.
#
# ## 3. Measure it per task
#
# One or two examples prove nothing. We generate replies for a few hundred queries per task,
# written with **held-out templates** (sentences the model never trained on), and count exact
# matches: a reply with a wrong digit in the order id or the wrong product category counts as
# wrong.

# %%
n_eval = settings.pick(200, 100)
heldout = {
    task: support_desk.make_examples(task, n_eval, split="heldout", seed=settings.seed) for task in support_desk.TASKS
}

# %%
acc = task_accuracy(model, tokenizer, heldout)
for task, value in acc.items():
    print(f"{task:15s} {value:6.1%}")

fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(list(acc), [100 * v for v in acc.values()], color=["#4c72b0", "#c44e52", "#55a868"])
ax.set_ylabel("exact-match accuracy (%)")
ax.set_ylim(0, 105)
ax.set_title(f"support-base on held-out templates ({n_eval} queries per task)")
show_figure(fig, "base-accuracy")

# %% [markdown]
# The table at the end of section 4 sets these numbers beside the range the course expects on
# any seed. If yours fall outside it, check that the checkpoint verified (section 1) and that you
# run with the pinned package versions.
#
# ## 4. How fast is it?
#
# Latency is the time to answer one query; throughput is how many queries per second the
# model handles when you batch them. On a CPU, batching amortises the Python overhead.
#
# Every lab on this site times models the same way, with `tiny_models.latency`. Timing on a
# shared machine is noisy, so each model answers a few warm-up queries first (the first call
# pays one-off costs), contenders take turns on every query (a slow moment hits them all
# alike), and the median ignores the odd slow outlier. Here is the function, as the labs run it:

# %%
print(inspect.getsource(median_latency_ms))

# %%
queries = [ex.query for exs in heldout.values() for ex in exs]
latency_ms = median_latency_ms({"support-base": lambda q: generate_replies(model, tokenizer, [q])}, queries[:20])[
    "support-base"
]
throughput_qps = throughput(lambda qs: generate_replies(model, tokenizer, qs), queries)
print(f"one query at a time: {latency_ms:.1f} ms per query (median of 20)")
print(f"batched:             {throughput_qps:.0f} queries per second ({len(queries)} queries in one call)")

# %% [markdown]
# ## 5. What a fine-tuning step does
#
# The next labs fine-tune this model many times, always with `tiny_models.fine_tune`: it
# copies the starting model and calls the training loop, `tiny_models.train`, which draws a
# batch of examples and calls the function below once per step. Read it: it is the whole of
# fine-tuning, and nothing in it knows which task it is learning.
#
# `model(**batch).loss` is the cross-entropy of the *reply* tokens only (the labels of the
# query tokens are masked out, so the model is not taught to write queries). The optional
# `penalty` and `objective` arguments let Labs 01 and 03 change what is minimised.

# %%
print(inspect.getsource(training_step))

# %% [markdown]
# **Predict:** one step on a batch of 16 order changes, a task the model gets wrong. How much
# will the loss on that same batch fall, and will the model get any of them right afterwards?

# %%
order_batch = encode_examples(tokenizer, support_desk.make_examples("order", 16, seed=settings.seed))
student = copy.deepcopy(model)  # `model` stays as it was for the exercises
optimizer = torch.optim.AdamW(student.parameters(), lr=1e-3)
with torch.no_grad():
    loss_before = student(**order_batch).loss.item()
student.train()
step_loss = training_step(student, order_batch, optimizer, list(student.parameters()))
student.eval()
with torch.no_grad():
    loss_after = student(**order_batch).loss.item()
print(f"loss on the batch: {loss_before:.3f} before the step, {loss_after:.3f} after it")
print(
    f"held-out order accuracy after one step: {task_accuracy(student, tokenizer, {'order': heldout['order']})['order']:.1%}"
)

# %% [markdown]
# One step lowers the loss on the batch it saw, a little; it takes a few hundred such steps to
# learn order changes, as Lab 01 shows, and those same steps are what erase the other tasks.

# %%
metrics = {f"base/{task}": value for task, value in acc.items()} | {
    "params": n_params,
    "latency_ms": latency_ms,
    "throughput_qps": throughput_qps,
    "one_step/loss_drop": loss_before - loss_after,
}
record_metrics(metrics)
show_expected("meet_the_model", metrics)

# %% [markdown]
# ## Exercises
#
# ### Exercise 1 — a number longer than any it has seen
#
# Every budget the model saw in training had 2 or 3 digits, and section 3 measured how well it
# copies those. The next cell rewrites this run's held-out recommendation queries with a
# **4-digit** budget. **Predict before you run anything:** what will the model write for a
# budget of four digits: all four, three of them, something else?
#
# Then generate the replies to `long_budget` and store in `copied_budgets` the **set** of the
# budgets (written as in the query, `"4 7 1 2"`) that the reply states in full, as a whole number
# (`"... under 4 7 1 2 dollars ."`; a number with a digit more or less does not count). Look at
# the replies that miss: what does the model write instead, and what does that say about the
# rule it learned?


# %%
def budget_of(example) -> str:
    """The budget of a recommendation, as written: "4 7" in "try our ... under 4 7 dollars ."."""
    return example.response.split(" under ")[1].removesuffix(" dollars .")


def with_budget(example, budget: str):
    """The same query and reply with another budget."""
    old = budget_of(example)
    return support_desk.Example(
        example.task,
        example.query.replace(f"{old} dollars", f"{budget} dollars"),
        example.response.replace(f"under {old} dollars", f"under {budget} dollars"),
        example.label,
    )


budget_rng = random.Random(f"lab00/long-budgets/{settings.seed}")  # its own generator: nothing else moves
long_budget = [
    with_budget(ex, support_desk.random_number(budget_rng, (4,)))
    for ex in support_desk.make_examples("recommendation", settings.pick(100, 60), split="heldout", seed=settings.seed)
]
print(f"{len(long_budget)} queries, e.g. {long_budget[0].query!r}")

# %% tags=["exercise"]
copied_budgets = None  # your code here: a set of budgets such as {"4 7 1 2", ...}


# %% tags=["solution"]
def states_in_full(reply: str, number: str) -> bool:
    """Does ``reply`` write ``number`` ("4 7 1 2") as a whole number, no digit before or after?"""
    return re.search(rf"(?<!\d ){number}(?! \d)", reply) is not None


long_replies = generate_replies(model, tokenizer, [ex.query for ex in long_budget])
copied_budgets = {budget_of(ex) for ex, reply in zip(long_budget, long_replies) if states_in_full(reply, budget_of(ex))}
written = [len(m.group(1).split()) for r in long_replies if (m := re.search(r"under ((?:\d )+)dollars", r))]
print(f"{len(copied_budgets)} of {len(long_budget)} four-digit budgets copied in full")
print("digits the replies wrote:", {n: written.count(n) for n in sorted(set(written))})


# %% tags=["check"]
def _numbers(text: str) -> list[list[str]]:
    """Every number in a text, digit by digit: "under 4 7 dollars" -> [["4", "7"]]."""
    return [run.split() for run in re.findall(r"\d+(?: \d+)*", text)]


def _as_digits(values) -> set[str]:
    """A collection of numbers, compared digit by digit ("4 7 1 2", "4712" or 4712 alike)."""
    if isinstance(values, (str, int, float, dict)):
        raise TypeError("give a set of budgets, such as {'4 7 1 2', '1 0 3 5'}")
    return {"".join(str(value).split()) for value in values}


def _stated_in_full(numbers: list[str], replies: list[str]) -> set[str]:
    """The numbers that their own reply writes as a whole number."""
    return {"".join(n.split()) for n, reply in zip(numbers, replies) if n.split() in _numbers(reply)}


_budgets = [re.search(r"((?:\d )*\d) dollars", ex.query).group(1) for ex in long_budget]
_stated = _stated_in_full(_budgets, generate_replies(model, tokenizer, [ex.query for ex in long_budget]))
check_answer(
    "exercise 1",
    copied_budgets,
    lambda a: _as_digits(a) == _stated,
    "generate replies for [ex.query for ex in long_budget]; keep the budget of each query whose reply "
    "writes that very number (all four digits, no more), as a set of strings like '4 7 1 2'.",
)

# %% [markdown]
# ### Exercise 2 — does it copy the order id?
#
# The model fails order changes. Does it at least copy the order id into its reply? **Predict
# first**, then store in `copied_ids` the **set** of the order ids of `heldout["order"]` that the
# reply to their own query writes as a whole number. The id is the run of digits right after
# the word "order"; ids have 3 to 5 digits, one per word (`"... my order 4 7 1 2 today"`).
# Then read a few replies that do contain their id: which kind of reply carried it?

# %% tags=["exercise"]
copied_ids = None  # your code here: a set of ids such as {"4 7 1 2", ...}


# %% tags=["solution"]
def order_id(query: str) -> str:
    """The digits after "order", as written in the query: "4 7 1 2"."""
    words = query.split()
    digits = []
    for word in words[words.index("order") + 1 :]:
        if not word.isdigit():
            break
        digits.append(word)
    return " ".join(digits)


def numbers_in(text: str) -> list[str]:
    """Every number in a text, as written: "order 4 7 1 2 is cancelled" -> ["4 7 1 2"]."""
    found, current = [], []
    for word in text.split() + [""]:
        if word.isdigit():
            current.append(word)
        elif current:
            found.append(" ".join(current))
            current = []
    return found


order_replies = generate_replies(model, tokenizer, [ex.query for ex in heldout["order"]])
copied_ids = {
    order_id(ex.query) for ex, reply in zip(heldout["order"], order_replies) if order_id(ex.query) in numbers_in(reply)
}
print(f"{len(copied_ids)} of {len(order_replies)} replies contain their order id, e.g.")
for ex, reply in [(ex, r) for ex, r in zip(heldout["order"], order_replies) if order_id(ex.query) in numbers_in(r)][:3]:
    print(f"  {ex.query}\n    -> {reply}")

# %% tags=["check"]
_ids = [re.search(r"\border((?: \d)+)", ex.query).group(1).strip() for ex in heldout["order"]]
_stated_ids = _stated_in_full(_ids, generate_replies(model, tokenizer, [ex.query for ex in heldout["order"]]))
check_answer(
    "exercise 2",
    copied_ids,
    lambda a: _as_digits(a) == _stated_ids,
    "take all the digits after 'order' (3 to 5 of them), generate replies for heldout['order'] and keep "
    "the ids whose reply writes that very number (no digit more or less), as a set of strings.",
)

# %% [markdown]
# ## Check yourself
#
# Click a question to see its answer.
#
# <details><summary>Why is accuracy measured on held-out <em>templates</em> and not only on new order ids?</summary>
#
# New values in old sentences test little: the model could have memorised every sentence
# shape. New sentence shapes test whether it recognises the request itself.
# </details>
#
# <details><summary>The model replies fluently to order changes, yet almost never gets one right. What does that tell you?</summary>
#
# Fluency is not competence. It learned the <em>form</em> of support replies from two tasks and
# applies that form to a request it does not understand; exact-match evaluation catches it.
# </details>
#
# <details><summary>Batched throughput is far higher than 1 / latency. Why?</summary>
#
# A batch runs one forward pass for many queries, so the fixed cost of each step (Python,
# dispatching small matrix products) is shared; a tiny model is dominated by that cost.
# </details>
#
# ## Further reading
#
# - Radford et al. (2019), *Language Models are Unsupervised Multitask Learners* (OpenAI): the
#   GPT-2 architecture these tiny models share.
# - Eldan & Li (2023), *TinyStories*, arXiv 2305.07759: models under 10 million parameters
#   write coherent English when the training data fits them.
# - Next: [Lab 01](01_forgetting.ipynb) fine-tunes this model on order changes and watches
#   what it forgets.
