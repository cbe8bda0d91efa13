# %% [markdown]
# # Lab 01 — Catastrophic forgetting, and four ways around it
#
# **The question.** Your support assistant answers product recommendations and general
# feedback well, and order changes badly. You fine-tune it on order changes. What happens to
# the two tasks it already knew, and what can you do about it?
#
# **What you will see.** Each task's accuracy on held-out queries, measured before, during
# and after a fine-tune on order changes alone. Then the same three accuracies for four
# remedies: mixing old data back in, serving two models behind a router, merging weights
# without training, and training only small LoRA adapters.
#
# **Run time.** Under a minute on 2 CPU cores in normal mode (eight short fine-tuning runs);
# fast mode is shorter.
#
# **Learning objectives.** After this lab you can
#
# 1. measure forgetting: per-task accuracy before, during and after a fine-tune;
# 2. choose how much old-task data to replay, by measuring instead of guessing;
# 3. weigh routing, weight merging and LoRA against each other by accuracy, trainable
#    parameters, training time and the number of models you must serve;
# 4. explain why a result on a tiny model does or does not carry over to a large one.

# %%
import copy

import matplotlib.pyplot as plt
import torch
from peft import LoraConfig, get_peft_model

from tiny_models import count_parameters, fine_tune, generate_replies, load_checkpoint, task_accuracy
from tiny_models.checks import forgetting as checks
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.merging import add_task_vectors, interpolate, task_vector
from tiny_models.tasks import support_desk
from tiny_models.training import mean_loss

settings = lab_settings()
TASKS = support_desk.TASKS
COLORS = {"recommendation": "#4c72b0", "order": "#c44e52", "feedback": "#55a868"}

# %% [markdown]
# ## 1. The starting point
#
# We load `support-base` (from [Lab 00](00_meet_the_model.ipynb)) and build the held-out test
# sets once: queries written with templates that no model trains on. `evaluate(model)` is the
# only yardstick in this lab.

# %%
base, tokenizer = load_checkpoint("support-base")
n_eval = settings.pick(150, 100)
heldout = {task: support_desk.make_examples(task, n_eval, split="heldout", seed=settings.seed) for task in TASKS}
curve_set = {task: exs[: settings.pick(60, 40)] for task, exs in heldout.items()}  # cheaper, for curves


def evaluate(model, examples=heldout):
    return task_accuracy(model, tokenizer, examples)


def show(name, acc):
    print(f"{name:28s}" + "  ".join(f"{task} {acc[task]:6.1%}" for task in TASKS))


def plot_tasks(xs, accs, xlabel, title, legend):
    """One line per task: held-out accuracy (%) against ``xs``."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for task in TASKS:
        ax.plot(xs, [100 * acc[task] for acc in accs], "o-", color=COLORS[task], label=task)
    ax.set(xlabel=xlabel, ylabel="held-out accuracy (%)", ylim=(-3, 103), title=title)
    ax.legend(loc=legend)
    return fig, ax


base_acc = evaluate(base)
n_params = count_parameters(base)
print(f"support-base has {n_params:,} parameters")
show("support-base", base_acc)

# %% [markdown]
# **Expected:** recommendation and feedback nearly always right, order changes nearly never.
#
# ## 2. Fine-tune on order changes only
#
# Every fine-tune is `tiny_models.fine_tune`, whose loop repeats the step you read in Lab 00:
# AdamW on the reply tokens, a short warm-up and a cosine decay. Every run in this lab starts from a fresh copy of the base and uses the same
# recipe, so the only thing that changes between runs is *what* we train on and *which*
# weights may move.
#
# **Predict before you run:** after 300 steps on order changes, what will recommendation
# accuracy be? 95 %? 70 %? Lower? Write your guess down.

# %%
STEPS, BATCH, LR = 300, 32, 3e-3
TRAIN_SIZE = 1000  # examples per fine-tuning set


def finetune(model, examples, *, steps=STEPS, lr=LR, eval_every=0, desc="fine-tune"):
    """Fine-tune ``model`` in place with the course's one fine-tune helper; return (history, seconds)."""
    tracked = (lambda m: evaluate(m, curve_set)) if eval_every else None
    recipe = dict(steps=steps, batch_size=BATCH, lr=lr, seed=settings.seed, eval_every=eval_every, desc=desc)
    run = fine_tune(model, tokenizer, examples, copy_start=False, evaluate=tracked, **recipe)
    return run.history, run.seconds


order_data = support_desk.make_examples("order", TRAIN_SIZE, seed=settings.seed)
naive = copy.deepcopy(base)
history, naive_seconds = finetune(naive, order_data, eval_every=settings.pick(25, 50), desc="order only")
naive_acc = evaluate(naive)
show("support-base", base_acc)
show("fine-tuned on orders only", naive_acc)

# %% [markdown]
# The signature figure of this lab: accuracy on each task, measured along the fine-tune.

# %%
curve = [row for row in history if "order" in row]
xlabel = "fine-tuning step (batch of 32 order-change examples)"
fig, _ = plot_tasks([r["step"] for r in curve], curve, xlabel, "Fine-tuning on order changes only", "center right")
show_figure(fig, "forgetting-curve")
drop_step = next((r["step"] for r in curve if min(r["recommendation"], r["feedback"]) < 0.5), None)
print(f"both old tasks were below 50 % by step {drop_step}; order accuracy was {curve[-1]['order']:.0%} at the end")

# %% [markdown]
# **Expected:** order changes rise to most queries right (the misses are mostly order ids
# copied with a digit wrong, and a few held-out phrasings mapped to the wrong action), while
# recommendation and feedback fall to near zero within the first few dozen steps, long before
# the new task is learned.
#
# The old tasks do not fade slowly: they collapse. Look at what the fine-tuned model now
# replies to a recommendation request.

# %%
ex = heldout["recommendation"][0]
print("query:   ", ex.query)
print("base:    ", generate_replies(base, tokenizer, [ex.query])[0])
print("order FT:", generate_replies(naive, tokenizer, [ex.query])[0])

# %% [markdown]
# Every gradient step pushed the model towards one reply template, "ok , order … ", and
# nothing in the training data pushed back. This is *catastrophic forgetting* (McCloskey &
# Cohen 1989 called it catastrophic interference): gradient descent only protects what the
# loss can see. Our model is tiny and the tasks are narrow, so the switch is total. Size is no
# protection: Luo et al. (2023) measured forgetting in models of 1 to 7 billion parameters
# during continual instruction tuning, and in that range it grew *more* severe with size.
#
# ## 3. Cure 1 — fine-tune on everything you care about
#
# If the loss only sees orders, the model only keeps orders. So put the old tasks back into
# the training data ("rehearsal" or "replay"). How much? Scialom et al. (2022) found that
# replaying about 1 % of earlier data largely kept old skills in a large instruction-tuned
# model. **Predict:** is 1 % enough for a model as small as ours?
#
# The *replay share* is the fraction of the fine-tuning set drawn from the old tasks (split
# evenly between recommendations and feedback); the rest are order changes. The set size and
# the number of steps stay the same.


# %%
def replay_mix(share):
    n_old = round(share * TRAIN_SIZE / 2)
    return support_desk.make_mixture(
        {"order": TRAIN_SIZE - 2 * n_old, "recommendation": n_old, "feedback": n_old}, seed=settings.seed
    )


shares = settings.pick([0.01, 0.1, 0.5], [0.5])
sweep = {0.0: naive_acc}
sweep_seconds = {}
replay_models = {}
for share in shares:
    model = copy.deepcopy(base)
    _, sweep_seconds[share] = finetune(model, replay_mix(share), desc=f"replay {share:.0%}")
    sweep[share] = evaluate(model)
    replay_models[share] = model
    show(f"replay share {share:.0%}", sweep[share])

MIXED_SHARE = 0.5
mixed, mixed_acc, mixed_seconds = replay_models[MIXED_SHARE], sweep[MIXED_SHARE], sweep_seconds[MIXED_SHARE]

# %%
xs = sorted(sweep)
xlabel = "share of old-task examples in the fine-tuning set (%)"
fig, ax = plot_tasks(
    [100 * s for s in xs], [sweep[s] for s in xs], xlabel, "Replay: how much old data helps?", "lower right"
)
ax.set_xscale("symlog", linthresh=1)
ax.set_xticks([100 * s for s in xs], [f"{100 * s:g}" for s in xs])
ax.axhline(80, color="grey", lw=0.8, ls="--")
show_figure(fig, "replay-sweep")
enough = [s for s in xs if min(sweep[s].values()) >= 0.8]
print("smallest share with every task >= 80 %:", f"{min(enough):.0%}" if enough else "none in this sweep")

# %% [markdown]
# **Expected:** with half the set from old tasks, all three tasks stay above the dashed line.
# The printed line above names the smallest share in this sweep that kept every task; compare
# it with the 1 % of Scialom et al. If this model needs more than they report, that is not a
# contradiction: a large model has broad, redundant knowledge that a little rehearsal can
# anchor, while ours has two narrow skills that the order data competes with directly, reply
# template against reply template.
#
# The cost of this cure: you need the old training data (or data like it), and every new
# fine-tune must include it.
#
# ## 4. Cure 2 — a separate model per task, and a router
#
# Keep `support-base` for recommendations and feedback, use the order fine-tune for orders,
# and send each query to the right model. The router can be very simple here:
# `support_desk.route` looks for the words "order" and "ticket".
#
# **Predict:** how accurate is a two-rule router on held-out queries?

# %%
all_heldout = [ex for task in TASKS for ex in heldout[task]]
router_accuracy = sum(support_desk.route(ex.query) == ex.task for ex in all_heldout) / len(all_heldout)
print(f"router accuracy on {len(all_heldout)} held-out queries: {router_accuracy:.1%}")

experts = {"recommendation": base, "feedback": base, "order": naive}


def routed_replies(queries):
    replies = [None] * len(queries)
    for task, model in experts.items():
        idx = [i for i, q in enumerate(queries) if support_desk.route(q) == task]
        for i, reply in zip(idx, generate_replies(model, tokenizer, [queries[i] for i in idx])):
            replies[i] = reply
    return replies


routed_acc = {}
for task in TASKS:
    replies = routed_replies([ex.query for ex in heldout[task]])
    routed_acc[task] = sum(r == ex.response for r, ex in zip(replies, heldout[task])) / len(heldout[task])
show("routed (base + order FT)", routed_acc)
bytes_per_model = sum(p.numel() * p.element_size() for p in base.parameters())
print(
    f"memory for weights: {2 * bytes_per_model / 1e6:.2f} MB for two models "
    f"instead of {bytes_per_model / 1e6:.2f} MB for one"
)

# %% [markdown]
# **Expected:** the router is right on every one of these queries, and each task once routed
# is as good as its specialist. Routing keeps each model
# as good as it was, at the price of twice the weights in memory and a router that must be
# right: a real router (keywords, a classifier, or a small LLM) makes mistakes, and each
# misrouted query is answered by the wrong specialist.
#
# ## 5. Cure 3 — merge the weights
#
# Base and fine-tune share an architecture, so we can average them parameter by parameter:
# `θ(α) = (1 − α) · θ_base + α · θ_order`. That is
# WiSE-FT (Wortsman et al. 2022), which kept the robustness of CLIP while gaining most of the
# fine-tune's accuracy. No training, one model to serve. `tiny_models.merging.interpolate`
# does the arithmetic.
#
# **Predict:** is there an α that keeps all three tasks?

# %%
alphas = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
wise = {alpha: evaluate(interpolate(base, naive, alpha), curve_set) for alpha in alphas}
for alpha, acc in wise.items():
    show(f"alpha = {alpha:.1f}", acc)
best_alpha = max(alphas, key=lambda a: (min(wise[a].values()), a))
merged_acc = evaluate(interpolate(base, naive, best_alpha))
show(f"best alpha {best_alpha:.1f} (full test set)", merged_acc)

xlabel = "α  (0 = support-base, 1 = order fine-tune)"
fig, _ = plot_tasks(alphas, [wise[a] for a in alphas], xlabel, "Interpolating the weights (WiSE-FT)", "center left")
show_figure(fig, "wise-ft")

# %% [markdown]
# Task arithmetic (Ilharco et al. 2023) generalises this: a *task vector* is what fine-tuning
# added to the weights, `τ = θ_tuned − θ_base`, and task vectors of
# separately fine-tuned models can be added to the base. We fine-tune a second specialist on
# feedback only and serve `θ_base + λ · (τ_order + τ_feedback)`.

# %%
feedback_data = support_desk.make_examples("feedback", TRAIN_SIZE, seed=settings.seed)
feedback_model = copy.deepcopy(base)
_, feedback_seconds = finetune(feedback_model, feedback_data, steps=settings.pick(60, 40), desc="feedback only")
tau_order, tau_feedback = task_vector(base, naive), task_vector(base, feedback_model)
arith = {lam: evaluate(add_task_vectors(base, [tau_order, tau_feedback], lam), curve_set) for lam in (0.5, 1.0)}
for lam, acc in arith.items():
    show(f"task arithmetic, lambda {lam:.1f}", acc)


def norm(tau):
    return torch.sqrt(sum((d**2).sum() for d in tau.values())).item()


print(f"size of the task vectors: order {norm(tau_order):.2f}, feedback {norm(tau_feedback):.2f}")

# %% [markdown]
# **What to expect, and why.** On this model merging does *not* give one model that is good at
# everything: small α keeps the old tasks but answers no order correctly, large α gives
# orders and has lost the old tasks, and in between every task is typically low, often all
# three near 0 %. No α keeps even one old task and half the orders at once, so the "best" α
# by the worst task is usually just the order fine-tune itself (α = 1). Exact-match accuracy
# is a switch, not a dial: the model emits one reply template or the other, and the blend of
# two sets of weights is not a blend of two behaviours.
#
# Task arithmetic says the same thing from another angle. The feedback vector is short
# (the base already knew feedback, so its fine-tune barely moved), while the order vector is
# long and, at full strength, overrides everything else. Merging works best when the
# fine-tunes moved the weights a little and in directions that do not interfere; Wortsman et
# al. and Ilharco et al. merged models with hundreds of millions of parameters, where there
# is room for that. A model as small as ours, which learned a new task by rewriting its reply
# template, has no such room. (TIES-merging, Yadav et al. 2023, targets exactly the
# interference between task vectors.)
#
# ## 6. Cure 4 — LoRA: train only low-rank adapters
#
# LoRA freezes every original weight and learns a low-rank update `B · A` beside the attention
# and MLP matrices. Biderman et al. (2024) found that on code instruction tuning of
# Llama-2-7B, LoRA "learns less and forgets less": it kept a general-skills score of 0.63
# where full fine-tuning dropped to 0.45.
#
# Two details matter on our model. GPT-2 stores its matrices transposed (`Conv1D`), hence
# `fan_in_fan_out=True`. And the order replies use words ("cancelled", "label", …) that
# `support-base` never wrote: their output embeddings were only ever pushed down, and a
# low-rank update of the inner layers cannot undo that. peft's `trainable_token_indices`
# makes just those rows of the embedding trainable. LoRA also needs its own learning rate:
# its update starts at zero and only a few thousand weights move, so full fine-tuning's
# rate is usually too small; we use 1e-2 (exercise 4 invites you to try others).
#
# **Predict:** will LoRA forget less than full fine-tuning here?

# %%
seen = {
    w for ex in support_desk.make_mixture({"recommendation": 500, "feedback": 500}, seed=0) for w in ex.response.split()
}
new_words = sorted({w for ex in order_data for w in ex.response.split()} - seen)
new_ids = tokenizer.convert_tokens_to_ids(new_words)
print("reply words support-base never produced:", " ".join(new_words))

LORA_LR = 1e-2
ranks = [16]  # add ranks here to sweep them (exercise 4)
lora_acc, lora_trainable, lora_seconds = {}, {}, {}
for rank in ranks:
    adapters = dict(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=["c_attn", "c_proj", "c_fc"])
    config = LoraConfig(**adapters, fan_in_fan_out=True, trainable_token_indices=new_ids)
    lora_model = get_peft_model(copy.deepcopy(base), config)
    lora_trainable[rank] = count_parameters(lora_model, trainable_only=True)
    _, lora_seconds[rank] = finetune(lora_model, order_data, lr=LORA_LR, desc=f"LoRA r={rank}")
    lora_acc[rank] = evaluate(lora_model)
    show(f"LoRA r={rank} ({lora_trainable[rank]:,} trained)", lora_acc[rank])
show(f"full fine-tune ({n_params:,} trained)", naive_acc)
best_rank = max(ranks, key=lambda r: (lora_acc[r]["order"], -r))

# %% [markdown]
# **What to expect, and why.** Compare the rows above with the full fine-tune. LoRA learns
# orders about as well as full fine-tuning and forgets recommendations and feedback just as
# completely: here LoRA does not "forget less". Biderman et al.'s finding is about a 7B model
# whose general skills live in a huge number of weights that a rank-16 update barely touches;
# our model's old skills and the new one share one small reply-writing circuit, and a
# low-rank update is enough to redirect it. What LoRA does buy here is cheaper training state: a small fraction of the weights is
# trained (printed above), and the adapters are small enough to keep one per task and swap
# them, which is routing with one shared base.
#
# ## 7. Summary
#
# One table and one figure for every method: held-out accuracy per task, trainable
# parameters, training seconds in this run, and models you must serve.

# %%
summary = {
    "support-base": (base_acc, 0, 0.0, 1),
    "full FT, orders only": (naive_acc, n_params, naive_seconds, 1),
    f"replay {MIXED_SHARE:.0%}": (mixed_acc, n_params, mixed_seconds, 1),
    "route base + order FT": (routed_acc, n_params, naive_seconds, 2),
    f"WiSE-FT α={best_alpha:.1f}": (merged_acc, n_params, naive_seconds, 1),
    f"LoRA r={best_rank}": (lora_acc[best_rank], lora_trainable[best_rank], lora_seconds[best_rank], 1),
}
print(f"{'method':24s} {'rec':>5s} {'order':>6s} {'fb':>5s} {'trained':>9s} {'seconds':>8s} models")
for name, (acc, trained, seconds, served) in summary.items():
    print(
        f"{name:24s} {acc['recommendation']:5.0%} {acc['order']:6.0%} {acc['feedback']:5.0%} "
        f"{trained:9,d} {seconds:8.1f} {served:6d}"
    )

fig, ax = plt.subplots(figsize=(8, 3.6))
width = 0.27
for i, task in enumerate(TASKS):
    heights = [100 * acc[task] for acc, *_ in summary.values()]
    ax.bar([j + (i - 1) * width for j in range(len(summary))], heights, width, color=COLORS[task], label=task)
ax.set_xticks(range(len(summary)), [n.replace(", ", ",\n").replace(" + ", " +\n") for n in summary], fontsize=8)
ax.axhline(80, color="grey", lw=0.8, ls="--")
ax.set_ylabel("held-out accuracy (%)")
ax.set_ylim(0, 105)
ax.set_title("Forgetting and its remedies on support-base")
ax.legend(loc="upper center", ncol=3, fontsize=8, bbox_to_anchor=(0.5, -0.25))
show_figure(fig, "remedies-comparison")

metrics = (
    {f"base/{t}": v for t, v in base_acc.items()}
    | {f"naive/{t}": v for t, v in naive_acc.items()}
    | {f"mixed/{t}": v for t, v in mixed_acc.items()}
    | {f"routed/{t}": v for t, v in routed_acc.items()}
    | {f"merged/{t}": v for t, v in merged_acc.items()}
    | {f"lora/{t}": v for t, v in lora_acc[best_rank].items()}
    | {
        "merged/alpha": best_alpha,
        "lora/rank": best_rank,
        "lora/trainable_params": lora_trainable[best_rank],
        "lora/seconds": lora_seconds[best_rank],
        "naive/seconds": naive_seconds,
        "mixed/seconds": mixed_seconds,
        "mixed/share": MIXED_SHARE,
        "router/accuracy": router_accuracy,
        "params": n_params,
        "routed/weight_mb": 2 * bytes_per_model / 1e6,
    }
    | {f"replay/{share:g}/min_task": min(acc.values()) for share, acc in sweep.items()}
)
record_metrics(metrics)
show_expected("forgetting", metrics)

# %% [markdown]
# **Expected:** replay and routing are the rows with every bar above the dashed 80 % line; the
# second table gives the range of each number over the seeds the course was tested on.
#
# **The lesson.** Fine-tuning for one task can cost you the others, and on a small model it
# costs them completely. The remedies that worked here are the plain ones: train on every task
# you care about, or keep separate models. Merging and LoRA are worth trying on large models,
# where the literature finds they help, but measure: on this model neither one prevented the
# forgetting.
#
# ## Exercises
#
# ### Exercise 1 — a ten times gentler learning rate
#
# A sceptic's first objection to section 2: the model forgot because `LR` is large (it is the
# peak rate support-base was pretrained with). Test it: fine-tune a fresh copy of the base on
# the same `order_data` for the same `STEPS` at a ten times lower rate,
# `finetune(copy.deepcopy(base), order_data, lr=LR / 10)`.
#
# Exact match is coarse: a reply is right or wrong. A finer yardstick is the **held-out loss**,
# `mean_loss(model, tokenizer, examples)`: the mean cross-entropy per reply token of the
# *correct* replies. It falls as the right reply becomes more likely, even before greedy
# decoding writes it.
#
# **Predict first**, and write it down: how much of each old task survives, and how much of
# the order task is learned? Then store in `gentle_result` the pair (`evaluate(model)`, the
# held-out loss on `heldout["recommendation"]`) and compare with the same two for `naive`.
# Explain: did the lower rate prevent forgetting, or only slow it down? What would you have to
# measure to choose a rate?

# %% tags=["exercise"]
gentle_result = None  # your code here

# %% tags=["solution"]
gentle = copy.deepcopy(base)
finetune(gentle, order_data, lr=LR / 10, desc="orders, LR / 10")
gentle_result = (evaluate(gentle), mean_loss(gentle, tokenizer, heldout["recommendation"]))
for name, model, acc in [("LR", naive, naive_acc), ("LR / 10", gentle, gentle_result[0])]:
    show(f"orders only, {name}", acc)
    print(f"{'':28s}recommendation loss {mean_loss(model, tokenizer, heldout['recommendation']):.3f}")

# %% tags=["check"]
# The check runs the same fine-tune itself (tiny_models/checks/forgetting.py) and counts exact
# matches with its own loop; your accuracies and loss must equal its.
_key = checks.Key(
    lambda: checks.gentle_fine_tune(base, tokenizer, order_data, heldout, STEPS, BATCH, LR, settings.seed)
)
check_answer(
    "exercise 1",
    gentle_result,
    lambda a: _key.accepts(a, 1e-6),
    "fine-tune copy.deepcopy(base) with finetune(..., lr=LR / 10), then store the pair "
    "(evaluate(model), mean_loss(model, tokenizer, heldout['recommendation'])).",
)

# %% [markdown]
# ### Exercise 2 — choose α for a priority
#
# Your manager says: "order changes must be at least 50 % right; among the merges that manage
# it, keep recommendations as good as possible." Using `wise` (α → accuracies), store the α
# you would pick in `chosen_alpha`. If no α reaches 50 % on orders, pick the one with the best
# order accuracy.

# %% tags=["exercise"]
chosen_alpha = None  # your code here

# %% tags=["solution"]
ok_alphas = [a for a in wise if wise[a]["order"] >= 0.5]
if ok_alphas:
    chosen_alpha = max(ok_alphas, key=lambda a: (wise[a]["recommendation"], -a))
else:
    chosen_alpha = max(wise, key=lambda a: wise[a]["order"])
show(f"chosen alpha {chosen_alpha:.1f}", wise[chosen_alpha])


# %% tags=["check"]
def _fits_priority(answer):
    alpha = next(a for a in wise if abs(a - answer) < 1e-9)  # raises if the answer is not a swept α
    qualified = [a for a in wise if wise[a]["order"] >= 0.5]
    if not qualified:
        return wise[alpha]["order"] == max(acc["order"] for acc in wise.values())
    return alpha in qualified and wise[alpha]["recommendation"] == max(wise[a]["recommendation"] for a in qualified)


check_answer(
    "exercise 2",
    chosen_alpha,
    _fits_priority,
    "filter alphas with wise[a]['order'] >= 0.5, then maximise wise[a]['recommendation'].",
)

# %% [markdown]
# ### Exercise 3 — fine-tune on what the model already knows
#
# Section 5 fine-tuned a copy of the base on *feedback only* (`feedback_model`), a task the
# base already answers perfectly. **Predict first:** does it forget recommendations as badly
# as the order fine-tune did? Then measure: store in `feedback_ft_rec` the pair (its
# recommendation accuracy on `heldout`, its held-out loss on `heldout["recommendation"]`).

# %% tags=["exercise"]
feedback_ft_rec = None  # your code here

# %% tags=["solution"]
feedback_ft_rec = (
    evaluate(feedback_model)["recommendation"],
    mean_loss(feedback_model, tokenizer, heldout["recommendation"]),
)
print(f"after a feedback-only fine-tune: {feedback_ft_rec} (base {base_acc['recommendation']:.1%} correct)")

# %% tags=["check"]
_key = checks.Key(lambda: checks.accuracy_and_loss(feedback_model, tokenizer, heldout["recommendation"]))
check_answer(
    "exercise 3",
    feedback_ft_rec,
    lambda a: _key.accepts(a, 1e-6),
    "the 'recommendation' entry of evaluate(feedback_model), and mean_loss(feedback_model, tokenizer, "
    "heldout['recommendation']), as a pair.",
)

# %% [markdown]
# Forgetting needs a reason to move the weights, and a fine-tune that only ever shows feedback
# replies gives the loss no reason to keep recommendation replies likely, even though the task
# was known. Compare your pair with the order fine-tune's and with the sizes of the two task
# vectors printed in section 5: a shorter move in weight space need not mean less forgetting.
#
# ### Exercise 4 (open) — give LoRA a fairer chance
#
# Re-run section 6 with `LORA_LR` at 3e-3 and 3e-2, with other ranks in `ranks`, or with
# `target_modules=["c_attn"]` only (attention only, the setting of the original LoRA paper).
# Does any setting learn orders *and* keep the old tasks? There is no automatic check: compare against the summary table.
#
# ## Check yourself
#
# <details><summary>The old tasks collapse within a few dozen steps, long before orders are learned. Why so early?</summary>
#
# The first steps have the largest loss and gradients, and nothing in the order-only
# batches rewards the old reply templates. The cheapest way to reduce the loss is to make
# every reply start like an order reply, which breaks the others at once; learning to copy
# the right id and choose the right action takes longer.
# </details>
#
# <details><summary>Scialom et al. found 1 % replay enough; our model needs far more. Which result would you trust for a 7B model?</summary>
#
# Theirs, as a starting point, but measure. The share you need depends on how much the
# new data competes with the old skills and how much spare capacity the model has. A
# tiny model with two narrow skills has little of either; the lesson that carries over is
# to sweep the share on your own evaluation set.
# </details>
#
# <details><summary>Routing gave the best accuracy. Why not always route?</summary>
#
# You serve and keep updated one model per task (here twice the memory), and the router
# becomes a new point of failure: a misrouted query gets a confident answer from the wrong
# specialist. With LoRA adapters on a shared base the memory cost shrinks, but the router
# stays.
# </details>
#
# ## Further reading
#
# - McCloskey & Cohen (1989), "Catastrophic interference in connectionist networks: the
#   sequential learning problem", *Psychology of Learning and Motivation* 24.
# - Kirkpatrick et al. (2017), "Overcoming catastrophic forgetting in neural networks",
#   *PNAS* 114(13), arXiv 1612.00796: elastic weight consolidation, a penalty that keeps
#   weights important to old tasks close to their old values — a fifth remedy, not tried here.
# - Luo et al. (2023), "An empirical study of catastrophic forgetting in large language models
#   during continual fine-tuning", arXiv 2308.08747.
# - Scialom et al. (2022), "Fine-tuned language models are continual learners", EMNLP,
#   arXiv 2205.12393: rehearsal of about 1 % of earlier data.
# - Wortsman et al. (2022), "Robust fine-tuning of zero-shot models" (WiSE-FT), CVPR,
#   arXiv 2109.01903; and "Model soups", ICML 2022, arXiv 2203.05482.
# - Ilharco et al. (2023), "Editing models with task arithmetic", ICLR, arXiv 2212.04089;
#   Yadav et al. (2023), "TIES-merging", NeurIPS.
# - Biderman et al. (2024), "LoRA learns less and forgets less", *TMLR*, arXiv 2405.09673.
# - Huyen (2025), *AI Engineering*, O'Reilly, chapter 7, on when (not) to fine-tune.
# - Next: [Lab 02](02_bias.ipynb) uses the same kind of fine-tuning to change a bias, and
#   measures what else moves with it.
