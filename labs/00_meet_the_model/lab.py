# %% [markdown]
# # Lab 00 — Meet your tiny model
#
# **The question.** Before we fine-tune anything, what does our starting model know? Every lab
# on this site starts from small models trained on this machine, so you can run the whole
# story on a laptop CPU. This lab introduces `support-base`, the assistant of the forgetting lab.
#
# **What you will see.** A GPT-2-style model with about a hundred thousand parameters answering
# the three kinds of support-desk queries: product recommendations, order changes and general
# feedback. It handles two of them and fails the third, because it has never seen it.
#
# **Run time.** Under 10 seconds on 2 CPU cores, most of it importing PyTorch.
#
# **Learning objectives.** After this lab you can
#
# 1. load a checkpoint with the ordinary `from_pretrained` code and read its size;
# 2. measure per-task accuracy of a generative model by exact match on held-out templates;
# 3. explain why a model fails a task whose kind of request it never saw in training;
# 4. time inference and tell per-query latency from batch throughput.

# %%
import time

import matplotlib.pyplot as plt

from tiny_models import count_parameters, generate_replies, load_checkpoint, task_accuracy
from tiny_models.checkpoints import checkpoint_path
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_figure
from tiny_models.tasks import support_desk

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
# **Expected result.** Recommendation and feedback at or above 90 % (typically 98–100 %), order
# changes at or below 30 % (typically 0 %). If your numbers are far from that, check that the
# checkpoint verified (section 1) and that you run with the pinned package versions.
#
# ## 4. How fast is it?
#
# Latency is the time to answer one query; throughput is how many queries per second the
# model handles when you batch them. On a CPU, batching amortises the Python overhead.

# %%
queries = [ex.query for exs in heldout.values() for ex in exs]
generate_replies(model, tokenizer, queries[:8])  # warm-up: the first call pays one-off costs
start = time.perf_counter()
for q in queries[:20]:
    generate_replies(model, tokenizer, [q])
latency_ms = (time.perf_counter() - start) / 20 * 1000
start = time.perf_counter()
generate_replies(model, tokenizer, queries)
throughput = len(queries) / (time.perf_counter() - start)
print(f"one query at a time: {latency_ms:.1f} ms per query")
print(f"batched:             {throughput:.0f} queries per second")

record_metrics(
    {f"base/{task}": value for task, value in acc.items()}
    | {"params": n_params, "latency_ms": latency_ms, "throughput_qps": throughput}
)

# %% [markdown]
# ## Exercises
#
# ### Exercise 1 — the training templates
#
# Accuracy above was measured on held-out templates. Measure the model's accuracy on
# **recommendation** queries written with the *training* templates
# (`support_desk.make_examples("recommendation", 200, split="train", seed=settings.seed)`)
# and store it in `train_accuracy`. Is it higher or lower than on held-out templates, and why?

# %% tags=["exercise"]
train_accuracy = None  # your code here

# %% tags=["solution"]
train_examples = support_desk.make_examples("recommendation", 200, split="train", seed=settings.seed)
train_accuracy = task_accuracy(model, tokenizer, {"recommendation": train_examples})["recommendation"]
print(f"training templates: {train_accuracy:.1%}, held-out templates: {acc['recommendation']:.1%}")

# %% tags=["check"]
_truth = task_accuracy(
    model,
    tokenizer,
    {"recommendation": support_desk.make_examples("recommendation", 200, split="train", seed=settings.seed)},
)["recommendation"]
check_answer(
    "exercise 1",
    train_accuracy,
    lambda a: abs(a - _truth) < 1e-9,
    "use split='train' and the lab's seed, 200 examples, and task_accuracy().",
)

# %% [markdown]
# ### Exercise 2 — which order replies go wrong?
#
# The model fails order changes. Does it at least copy the order id? Count how many of the
# held-out order queries in `heldout["order"]` get a reply that contains the order id, and
# store the count in `copied_ids`. The id is the run of digits right after the word "order";
# ids have 3 to 5 digits, written one per word (`"... my order 4 7 1 2 today"`), and a reply
# contains it if that text appears in the reply (`"4 7 1 2" in reply`).
# *Hint:* in `ex.query.split()`, take the words after `"order"` for as long as they are digits
# (`word.isdigit()`), or use a regular expression.

# %% tags=["exercise"]
copied_ids = None  # your code here


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


order_replies = generate_replies(model, tokenizer, [ex.query for ex in heldout["order"]])
copied_ids = sum(order_id(ex.query) in reply for ex, reply in zip(heldout["order"], order_replies))
print(f"{copied_ids} of {len(order_replies)} replies contain the order id")

# %% tags=["check"]
import re


def _copy_counts():
    """(whole-number copies, substring copies): either reading of "contains the id" passes."""
    replies = generate_replies(model, tokenizer, [ex.query for ex in heldout["order"]])
    whole = loose = 0
    for ex, reply in zip(heldout["order"], replies):
        number = re.search(r"\border((?: \d)+)", ex.query).group(1).split()
        runs = re.findall(r"\d+(?: \d+)*", reply)  # every number in the reply, digit by digit
        whole += any(run.split() == number for run in runs)
        loose += " ".join(number) in reply
    return whole, loose


_accepted = set(_copy_counts())
check_answer(
    "exercise 2",
    copied_ids,
    lambda a: a in _accepted,
    "take all the digits after 'order' (3 to 5 of them), generate replies for "
    "heldout['order'] and count the replies that contain those digits.",
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
# <details><summary>The model replies fluently to order changes, yet gets 0 %. What does that tell you?</summary>
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
