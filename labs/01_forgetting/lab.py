# %% [markdown]
# # Lab 01 — Catastrophic forgetting, and four ways around it
#
# **The question.** Your support assistant answers product recommendations and general
# feedback well, and order changes badly. You fine-tune it on order changes. What happens to
# the two tasks it already knew, and what can you do about it?
#
# **What you will see.** Each task's accuracy on held-out queries, measured before, during
# and after a fine-tune on order changes alone, at three learning rates. Whether the old
# skills are gone or only hidden. Then the same three accuracies for the remedies: mixing old
# data back in, a penalty that keeps the weights near the base, serving two models behind a
# router, merging weights without training, and training only small LoRA adapters.
#
# **Run time.** About a minute on 2 CPU cores in normal mode (sixteen short fine-tuning
# runs); fast mode runs fewer of them.
#
# **Learning objectives.** After this lab you can
#
# 1. measure forgetting: per-task accuracy and the loss of the correct old replies, before,
#    during and after a fine-tune;
# 2. tell a control from a remedy: what a lower learning rate or a penalty buys, and costs;
# 3. choose how much old-task data to replay, by measuring instead of guessing;
# 4. weigh routing, weight merging and LoRA against each other by accuracy, trainable
#    parameters, training time and the number of models you must serve;
# 5. explain why a result on a tiny model does or does not carry over to a large one.

# %%
import copy

import matplotlib.pyplot as plt
import torch
from peft import LoraConfig, get_peft_model

from tiny_models import count_parameters, fine_tune, generate_replies, load_checkpoint, task_accuracy
from tiny_models.checks import forgetting as checks
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.merging import add_task_vectors, interpolate, task_vector
from tiny_models.recipes import support_base
from tiny_models.routing import CentroidRouter, make_ambiguous
from tiny_models.side_by_side import side_by_side
from tiny_models.tasks import support_desk
from tiny_models.training import mean_loss

settings = lab_settings()
TASKS = support_desk.TASKS
OLD_TASKS = ("recommendation", "feedback")
COLORS = {"recommendation": "#4c72b0", "order": "#c44e52", "feedback": "#55a868"}

# %% [markdown]
# ## 1. The starting point
#
# We load `support-base` (from [Lab 00](00_meet_the_model.ipynb)) and build the held-out test
# sets once: queries written with templates that no model trains on. `evaluate(model)` is the
# only yardstick in this lab; the sweeps below use its smaller `curve_set`, which is cheaper.

# %%
base, tokenizer = load_checkpoint("support-base")
n_eval = settings.pick(150, 100)
heldout = {task: support_desk.make_examples(task, n_eval, split="heldout", seed=settings.seed) for task in TASKS}
curve_set = {task: exs[:40] for task, exs in heldout.items()}  # cheaper, for curves and sweeps
old_replies = curve_set["recommendation"] + curve_set["feedback"]


def evaluate(model, examples=heldout):
    return task_accuracy(model, tokenizer, examples)


def show(name, acc):
    print(f"{name:32s}" + "  ".join(f"{task} {acc[task]:6.1%}" for task in TASKS))


def old_min(acc):
    """The worse of the two old tasks: a remedy keeps the old skills only if it keeps both."""
    return min(acc[task] for task in OLD_TASKS)


def plot_tasks(xs, accs, xlabel, title, legend, ax=None):
    """One line per task: held-out accuracy (%) against ``xs``."""
    fig, ax = plt.subplots(figsize=(6, 3.4)) if ax is None else (ax.figure, ax)
    for task in TASKS:
        ax.plot(xs, [100 * acc[task] for acc in accs], "o-", color=COLORS[task], label=task)
    ax.set(xlabel=xlabel, ylabel="held-out accuracy (%)", ylim=(-3, 103), title=title)
    ax.legend(loc=legend, fontsize=8)
    return fig, ax


base_acc = evaluate(base)
base_old_loss = mean_loss(base, tokenizer, old_replies)
n_params = count_parameters(base)
print(f"support-base has {n_params:,} parameters")
show("support-base", base_acc)

# %% [markdown]
# **Expected:** recommendation and feedback nearly always right, order changes nearly never.
#
# ## 2. Fine-tune on order changes only
#
# Every fine-tune in this lab is `tiny_models.fine_tune`: a fresh copy of the base, trained
# with AdamW on the reply tokens, a short warm-up and a cosine decay (the loop's core is
# `training_step`, shown in [Lab 00](00_meet_the_model.ipynb)). All runs share one recipe,
# so the only thing that changes between runs is *what* we train on, *how fast*, and *which*
# weights may move.
#
# Along the way we track two things on the small held-out set: each task's accuracy, and the
# **old-reply loss**, `mean_loss` of the *correct* recommendation and feedback replies
# (cross-entropy per reply token, teacher-forced). Accuracy says what the model writes; the
# loss says how likely it still finds the right old reply.
#
# **Predict before you run:** after this fine-tune on order changes, what will recommendation
# accuracy be? 95 %? 70 %? Lower? Write your guess down.

# %%
STEPS, BATCH, LR = 400, 8, support_base.LR  # LR: the peak rate support-base was pretrained with
TRAIN_SIZE = 1000  # examples per fine-tuning set
RECIPE = dict(steps=STEPS, batch_size=BATCH, lr=LR, seed=settings.seed)


def tracked(model):
    """What the curves record: accuracy per task and the loss of the correct old replies."""
    return evaluate(model, curve_set) | {"old-reply loss": mean_loss(model, tokenizer, old_replies)}


order_data = support_desk.make_examples("order", TRAIN_SIZE, seed=settings.seed)
naive_run = fine_tune(base, tokenizer, order_data, **RECIPE, evaluate=tracked, eval_every=STEPS // 5, desc="orders")
naive = naive_run.model
naive_acc = evaluate(naive)
show("support-base", base_acc)
show("fine-tuned on orders only", naive_acc)

# %% [markdown]
# The signature figure of this lab: accuracy on each task, measured along the fine-tune.

# %%
curve = [row for row in naive_run.history if "order" in row]
xlabel = f"fine-tuning step (batch of {BATCH} order-change examples)"
fig, _ = plot_tasks([r["step"] for r in curve], curve, xlabel, "Fine-tuning on order changes only", "center right")
show_figure(fig, "forgetting-curve")
drop = next(r for r in curve if old_min(r) < 0.5)
print(
    f"both old tasks were below 50 % by step {drop['step']}, when order accuracy was {drop['order']:.0%}; "
    f"it was {curve[-1]['order']:.0%} at the end"
)

# %% [markdown]
# **Expected:** order changes rise to most queries right (the misses are mostly order ids
# copied with a digit wrong, and a few held-out phrasings mapped to the wrong action), while
# recommendation and feedback fall to near zero early, by the step printed above, while the
# order task is still far from learned.
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
# ## 3. Control: was the learning rate simply too large?
#
# `LR` is the peak rate support-base was *pretrained* with, so a sceptic's first objection is
# that any model would forget at that rate. We repeat the same fine-tune at lower rates, down
# to ten times lower (the top rate's run is the one above). The runs at lower rates do not
# depend on each other, so `side_by_side` trains them two at a time, each on one core: a
# fine-tune this small keeps one core busy but gains little from a second, and the results are
# the same as one run after the other. Every sweep in this lab runs that way.
#
# **Predict:** at `LR / 10`, does the model keep its old tasks? Does it still learn orders?

# %%
rates = settings.pick([LR, LR / 3, LR / 10], [LR, LR / 10])
lr_models, lr_acc, lr_old_loss = {LR: naive}, {LR: evaluate(naive, curve_set)}, {LR: curve[-1]["old-reply loss"]}


def lower_rate_run(lr):
    model = fine_tune(base, tokenizer, order_data, **RECIPE | dict(lr=lr), progress=False).model
    return model, evaluate(model, curve_set), mean_loss(model, tokenizer, old_replies)


for lr, (model, acc, loss) in zip(rates[1:], side_by_side(lower_rate_run, rates[1:], desc="lower rates")):
    lr_models[lr], lr_acc[lr], lr_old_loss[lr] = model, acc, loss
for lr in rates:
    show(f"lr {lr:.0e}", lr_acc[lr])
    print(f"{'':32s}old-reply loss {lr_old_loss[lr]:.2f}  (support-base {base_old_loss:.2f})")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
plot_tasks(
    rates, [lr_acc[lr] for lr in rates], "peak learning rate", "Accuracy after the fine-tune", "center left", ax1
)
ax2.plot(rates, [lr_old_loss[lr] for lr in rates], "o-", color="grey")
ax2.axhline(base_old_loss, color="grey", lw=0.8, ls="--")
ax2.set(xlabel="peak learning rate", ylabel="nats per reply token", title="Loss of the correct old replies")
for ax in (ax1, ax2):
    ax.set_xscale("log")
fig.tight_layout()
show_figure(fig, "lr-sweep")

# %% [markdown]
# **What the control showed.** Read the rows above from the top rate down. The ten times lower
# rate learns fewer orders in the same number of steps (on some seeds only a few fewer: it did
# train), and every lower rate keeps the old replies *more likely*: their loss (the right
# panel) stays closer to the base's dashed line.
# But greedy decoding still writes order replies to old queries, so old-task *accuracy* is
# near zero at every rate we tried, the ten times lower one included. The objection is fair
# and the control answers it: here the forgetting is not an artefact of a large rate. A lower
# rate only trades new-task accuracy for a smaller move of the weights.
#
# ## 4. Gone, or only hidden?
#
# Exact match says the old skills are gone. The loss gives a finer view, and a second test is
# practical: how quickly do they come back? Kotha et al. (2024) argue that fine-tuning often
# changes which task a model *infers* from a prompt rather than erasing the skill, so the old
# behaviour can come back cheaply; Luo et al. (2023) measured losses that lasted. Here we
# fine-tune the order model a few more steps on a mixture with half old-task data, and count.


# %%
def replay_mix(share, seed=settings.seed):
    """A fine-tuning set of ``TRAIN_SIZE`` examples, ``share`` of them from the old tasks (half each)."""
    n_old = round(share * TRAIN_SIZE / 2)
    return support_desk.make_mixture(
        {"order": TRAIN_SIZE - 2 * n_old, "recommendation": n_old, "feedback": n_old}, seed=seed
    )


SHORT_STEPS = 80  # a short fine-tune: the replay here, and the task vectors of section 8
recovery_run = fine_tune(
    naive,
    tokenizer,
    replay_mix(0.5),
    **RECIPE | dict(steps=SHORT_STEPS),
    evaluate=tracked,
    eval_every=SHORT_STEPS // 4,
    desc="replay, after the fact",
)
recovered = {row["step"]: row for row in recovery_run.history if "order" in row}
for step, row in recovered.items():
    show(f"after {step:2d} replay steps", row)
# For comparison: the same number of steps from the base on a task it never knew.
order_short = fine_tune(base, tokenizer, order_data, **RECIPE | dict(steps=SHORT_STEPS), desc="orders, short").model
new_task_short = evaluate(order_short, curve_set)["order"]
print(
    f"after {SHORT_STEPS} replay steps the worse old task is back at {old_min(recovered[SHORT_STEPS]):.0%}; "
    f"{SHORT_STEPS} steps on orders from the base get {new_task_short:.0%} of orders right; support-base "
    f"learned the old tasks in {support_base.STEPS} steps of {support_base.BATCH} examples"
)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
ax1.plot([r["step"] for r in curve], [r["old-reply loss"] for r in curve], "o-", color="grey")
ax1.set(xlabel="order fine-tuning step", ylabel="nats per reply token", title="Old-reply loss, during the order FT")
plot_tasks(list(recovered), list(recovered.values()), "replay steps", "Then a short replay", "center right", ax2)
fig.tight_layout()
show_figure(fig, "hidden-or-gone")

# %% [markdown]
# **What the probe showed.** The loss of the correct old replies climbs by several nats per
# token during the order fine-tune (left): the old replies became unlikely, not merely
# outranked by a hair. Yet a short replay brings a large part of recommendations and feedback
# back (right, and the printed line): far more than the same number of steps teaches of a task
# the model never knew (orders, from the base), and from a tiny fraction of the examples the
# base was pretrained on. So on this model the skill is *hidden* more than *gone*, in line
# with Kotha et al.'s implicit task inference. Two cautions. The replay first knocks the new
# order task down as well (the red line) before the tasks climb back together: this model
# switches reply templates, in both directions. And for anyone who serves the fine-tuned
# model as it is, the old skill is gone (Luo et al.'s view); bringing it back takes old-task
# data.
#
# ## 5. Cure 1 — fine-tune on everything you care about
#
# If the loss only sees orders, the model only keeps orders. So put the old tasks back into
# the training data ("rehearsal" or "replay"). How much? Scialom et al. (2022) found that
# replaying about 1 % of earlier data largely kept old skills in a large instruction-tuned
# model. **Predict:** is 1 % enough for a model as small as ours?
#
# The *replay share* is the fraction of the fine-tuning set drawn from the old tasks (split
# evenly between recommendations and feedback); the rest are order changes. The set size and
# the number of steps stay the same; share 0 is the order fine-tune of section 2.

# %%
shares = settings.pick([0.01, 0.02, 0.05, 0.1, 0.2, 0.5], [0.02, 0.1, 0.5])
sweep, replay_models = {0.0: evaluate(naive, curve_set)}, {0.0: naive}


def replay_run(share):
    model = fine_tune(base, tokenizer, replay_mix(share), **RECIPE, progress=False).model
    return model, evaluate(model, curve_set)


for share, (model, acc) in zip(shares, side_by_side(replay_run, shares, desc="replay sweep")):
    replay_models[share], sweep[share] = model, acc
    show(f"replay share {share:.0%}", acc)

MIXED_SHARE = 0.5
mixed = replay_models[MIXED_SHARE]
mixed_acc = evaluate(mixed)

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
replay_threshold = min(enough) if enough else 1.0
print("smallest share with every task >= 80 %:", f"{min(enough):.0%}" if enough else "none in this sweep")

# %% [markdown]
# **What the sweep showed.** With half the set from old tasks, all three tasks stay above the
# dashed line. The printed line above names the smallest share in this sweep that kept every
# task; on every seed we tried it was above Scialom et al.'s 1 %, and 1 % itself kept almost
# nothing. That is not a contradiction: a large model has broad, redundant knowledge that a
# little rehearsal can anchor, while ours has two narrow skills that the order data competes
# with directly, reply template against reply template.
#
# The cost of this cure: you need the old training data (or data like it), and every new
# fine-tune must include it.
#
# ## 6. A remedy without old data: a penalty on moving the weights
#
# Without old data, one can still stop the weights from wandering far from where they
# started. L2-SP (Li et al. 2018) adds `strength × ‖θ − θ_base‖²` to the loss; elastic weight
# consolidation (Kirkpatrick et al. 2017) weighs each weight by how much the old tasks need
# it. `fine_tune(..., penalty=fn)` adds `fn(model)` to every step's loss. Here is L2-SP:

# %%
start = {name: p.detach().clone() for name, p in base.named_parameters()}


def l2_sp(strength):
    """L2-SP: strength times the squared distance of every weight from where it started."""
    return lambda model: strength * sum(((p - start[name]) ** 2).sum() for name, p in model.named_parameters())


strengths = [0.1]
l2sp_acc, l2sp_old_loss = {0.0: lr_acc[LR]}, {0.0: lr_old_loss[LR]}
for strength in strengths:
    model = fine_tune(base, tokenizer, order_data, **RECIPE, penalty=l2_sp(strength), desc=f"L2-SP {strength:g}").model
    l2sp_acc[strength], l2sp_old_loss[strength] = evaluate(model, curve_set), mean_loss(model, tokenizer, old_replies)
for strength, acc in l2sp_acc.items():
    show(f"L2-SP strength {strength:g}", acc)
    print(f"{'':32s}old-reply loss {l2sp_old_loss[strength]:.2f}  (support-base {base_old_loss:.2f})")

# %% [markdown]
# **What the penalty showed.** Compare the row with the penalty against strength 0 (the
# order fine-tune). The penalty keeps the old replies more likely (lower loss) and costs
# some orders, like a lower learning rate, but it keeps no old task: the order task and the old
# ones share the same reply-writing weights, and a penalty that holds every weight equally
# cannot tell which moves hurt them. Replay, which shows the loss what to keep, does. EWC
# weighs the penalty by importance and may do better; try it in exercise 4.
#
# ## 7. Cure 2 — a separate model per task, and a router
#
# Keep `support-base` for recommendations and feedback, use the order fine-tune for orders,
# and send each query to the right model. The simplest router, `support_desk.route`, looks
# for the words "order" and "ticket". That is right by construction on our held-out queries,
# so we also measure it on queries real customers write: a recommendation request that says
# "order", an order change that never says "order", feedback about an order
# (`tiny_models.routing.make_ambiguous`). Beside it, a learned router: nearest centroid over
# bags of words (`tiny_models/routing.py`, 20 lines), trained on training queries.
#
# **Predict:** how many ambiguous queries does each router send to the right model?

# %%
train_queries = support_desk.make_mixture({task: 300 for task in TASKS}, seed=settings.seed)
routers = {
    "keyword": support_desk.route,
    "learned": CentroidRouter([ex.query for ex in train_queries], [ex.task for ex in train_queries]),
}
ambiguous = {task: make_ambiguous(task, settings.pick(60, 40), seed=settings.seed) for task in TASKS}
experts = {"recommendation": base, "feedback": base, "order": naive}
test_sets = {"held-out": heldout, "ambiguous": ambiguous}
answers = {id(base): {}, id(naive): {}}  # each expert answers each query once, however often it is routed there


def routed_accuracy(router, examples):
    """Share of ``examples`` answered right when each query goes to the expert ``router`` picks."""
    picked = [(experts[router(ex.query)], ex) for ex in examples]
    for model in (base, naive):
        unanswered = [ex.query for m, ex in picked if m is model and ex.query not in answers[id(model)]]
        answers[id(model)].update(zip(unanswered, generate_replies(model, tokenizer, unanswered)))
    return sum(answers[id(model)][ex.query] == ex.response for model, ex in picked) / len(examples)


router_acc, routed = {}, {}
for name, router in routers.items():
    for split, sets in test_sets.items():
        pooled = [ex for exs in sets.values() for ex in exs]
        router_acc[name, split] = sum(router(ex.query) == ex.task for ex in pooled) / len(pooled)
        routed[name, split] = {task: routed_accuracy(router, sets[task]) for task in TASKS}
        show(f"{name} router, {split}", routed[name, split])
        print(f"{'':32s}router right on {router_acc[name, split]:.1%} of {len(pooled)} queries")
routed_acc = routed["keyword", "held-out"]
bytes_per_model = sum(p.numel() * p.element_size() for p in base.parameters())
print(
    f"memory for weights: {2 * bytes_per_model / 1e6:.2f} MB for two models "
    f"instead of {bytes_per_model / 1e6:.2f} MB for one"
)

# %% [markdown]
# **What the routers showed.** On the held-out queries both routers are right every time, and
# each task is as good as its specialist. On the ambiguous queries the keyword rule sends
# every one to the wrong model, and a misrouted query gets a confident answer from the wrong
# specialist; the learned router sends most of them to the right one (the printed shares).
# What is left, once a query is routed right, is the specialist's own accuracy on a phrasing
# it never saw. Routing keeps each model as good as it was, at the price of twice the weights
# in memory and a router that must be right, measured on traffic like yours.
#
# ## 8. Cure 3 — merge the weights
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
merged_acc = naive_acc if best_alpha == 1.0 else evaluate(interpolate(base, naive, best_alpha))
show(f"best alpha {best_alpha:.1f} (full test set)", merged_acc)

xlabel = "α  (0 = support-base, 1 = order fine-tune)"
fig, _ = plot_tasks(alphas, [wise[a] for a in alphas], xlabel, "Interpolating the weights (WiSE-FT)", "center left")
show_figure(fig, "wise-ft")

# %% [markdown]
# Task arithmetic (Ilharco et al. 2023) generalises this: a *task vector* is what fine-tuning
# added to the weights, `τ = θ_tuned − θ_base`, and task vectors of
# separately fine-tuned models can be added to the base. We fine-tune a second specialist on
# feedback only and serve `θ_base + λ · (τ_order + τ_feedback)`. To compare the two vectors
# fairly, we also take an order fine-tune of the *same* number of steps as the feedback one.

# %%
feedback_data = support_desk.make_examples("feedback", TRAIN_SIZE, seed=settings.seed)
feedback_run = fine_tune(base, tokenizer, feedback_data, **RECIPE | dict(steps=SHORT_STEPS), desc="feedback only")
feedback_model = feedback_run.model
tau_order, tau_feedback = task_vector(base, naive), task_vector(base, feedback_model)
arith = {lam: evaluate(add_task_vectors(base, [tau_order, tau_feedback], lam), curve_set) for lam in (0.5, 1.0)}
for lam, acc in arith.items():
    show(f"task arithmetic, lambda {lam:.1f}", acc)


def norm(tau):
    return torch.sqrt(sum((d**2).sum() for d in tau.values())).item()


tau_norms = {"order": norm(task_vector(base, order_short)), "feedback": norm(tau_feedback)}
print(
    f"size of the task vectors after {SHORT_STEPS} steps each: order {tau_norms['order']:.2f}, "
    f"feedback {tau_norms['feedback']:.2f} (order after {STEPS} steps: {norm(tau_order):.2f})"
)

# %% [markdown]
# **What to expect, and why.** On this model merging does *not* give one model that is good at
# everything: small α keeps the old tasks but answers no order correctly, large α gives
# orders and has lost the old tasks, and in between every task is typically low. No α keeps
# an old task and half the orders at once, so the "best" α by the worst task is usually just
# the order fine-tune itself (α = 1). Exact-match accuracy is a switch, not a dial: the model
# emits one reply template or the other, and the blend of two sets of weights is not a blend
# of two behaviours.
#
# Task arithmetic says the same thing from another angle. At the same number of steps, the
# feedback vector is shorter than the order vector: the base already knew feedback, so its
# loss, and its gradients, were small from the start, while orders were new. At full strength
# the order vector overrides everything else. Merging works best when the fine-tunes moved the
# weights a little and in directions that do not interfere; Wortsman et al. and Ilharco et al.
# merged models with hundreds of millions of parameters, where there is room for that. A model
# as small as ours, which learned a new task by rewriting its reply template, has no such
# room. (TIES-merging, Yadav et al. 2023, targets exactly the interference between task
# vectors.)
#
# ## 9. Cure 4 — LoRA: train only low-rank adapters
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
# its update starts at zero and only a few thousand weights move. So that "LoRA did not help"
# is a measured statement, we tune the rate at rank 16 first (fast mode tries one rate only),
# then try a smaller rank at the best rate (by order accuracy). To keep the lab short, each LoRA run takes `LORA_STEPS`
# steps, fewer than full fine-tuning's `STEPS`: a shorter run moves the weights less, which
# can only help LoRA keep the old tasks.
#
# **Predict:** will LoRA forget less than full fine-tuning here?

# %%
seen = {
    w for ex in support_desk.make_mixture({"recommendation": 500, "feedback": 500}, seed=0) for w in ex.response.split()
}
new_words = sorted({w for ex in order_data for w in ex.response.split()} - seen)
new_ids = tokenizer.convert_tokens_to_ids(new_words)
print("reply words support-base never produced:", " ".join(new_words))


def lora_model(rank):
    """A copy of the base with new LoRA adapters of ``rank`` (peft draws them from torch's seeded generator)."""
    adapters = dict(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=["c_attn", "c_proj", "c_fc"])
    config = LoraConfig(**adapters, fan_in_fan_out=True, trainable_token_indices=new_ids)
    return get_peft_model(copy.deepcopy(base), config)  # peft wraps the model it is given, in place


def lora_fine_tune(model_and_lr):
    model, lr = model_and_lr
    recipe = RECIPE | dict(lr=lr, steps=LORA_STEPS)
    fine_tune(model, tokenizer, order_data, **recipe, copy_start=False, progress=False)
    return model, evaluate(model, curve_set)


def lora_sweep(ranks_and_rates):
    """Train a LoRA model per (rank, rate), side by side. The adapters are built first, one
    after the other, so that each gets the same random start whichever run finishes first."""
    models = [(lora_model(rank), lr) for rank, lr in ranks_and_rates]
    for (rank, lr), (model, acc) in zip(ranks_and_rates, side_by_side(lora_fine_tune, models, desc="LoRA")):
        lora_models[rank, lr], lora_acc[rank, lr] = model, acc
        lora_trainable[rank] = count_parameters(model, trainable_only=True)
        show(f"LoRA r={rank}, lr {lr:.0e}", acc)


LORA_STEPS = 300  # fewer than full fine-tuning's: less time to drift can only help LoRA keep the old tasks
lora_rates = settings.pick([LR, 1e-2], [1e-2])
lora_acc, lora_trainable, lora_models = {}, {}, {}
lora_sweep([(16, lr) for lr in lora_rates])
best_rate = max(lora_rates, key=lambda r: (lora_acc[16, r]["order"], old_min(lora_acc[16, r])))
lora_sweep([(4, best_rate)])  # a smaller rank, at the best rate for rank 16
show(f"full fine-tune ({n_params:,} trained)", lr_acc[LR])
best_lora = max(lora_acc, key=lambda k: (lora_acc[k]["order"], -k[0]))
lora_full_acc = evaluate(lora_models[best_lora])
lora_old_best = max(old_min(acc) for acc in lora_acc.values())
print("trainable: " + ", ".join(f"r={r}: {n:,}" for r, n in lora_trainable.items()))
print(f"best old-task accuracy (the worse of the two) of any LoRA setting: {lora_old_best:.0%}")

# %% [markdown]
# **What the sweep showed.** Compare the rows above with the full fine-tune. At every rank
# and rate we tried, LoRA forgot recommendations and feedback about as completely as full
# fine-tuning (the last printed line), while its best setting learned most orders in its
# shorter run: here LoRA does not "forget less", not even at the smaller rank. Biderman et al.'s finding is about a 7B model
# whose general skills live in a huge number of weights that a rank-16 update barely touches;
# our model's old skills and the new one share one small reply-writing circuit, and a
# low-rank update is enough to redirect it. What LoRA does buy here is cheaper training
# state: a small fraction of the weights is trained (printed above), and the adapters are
# small enough to keep one per task and swap them, which is routing with one shared base.
#
# ## 10. Summary
#
# One table and one figure for every method: held-out accuracy per task, trainable
# parameters, how many examples training went through (steps × batch), and models you must
# serve.

# %%
full_examples, lora_examples = STEPS * BATCH, LORA_STEPS * BATCH
summary = {
    "support-base": (base_acc, 0, 0, 1),
    "full FT, orders only": (naive_acc, n_params, full_examples, 1),
    f"replay {MIXED_SHARE:.0%}": (mixed_acc, n_params, full_examples, 1),
    "route base + order FT": (routed_acc, n_params, full_examples, 2),
    f"WiSE-FT α={best_alpha:.1f}": (merged_acc, n_params, full_examples, 1),
    f"LoRA r={best_lora[0]}": (lora_full_acc, lora_trainable[best_lora[0]], lora_examples, 1),
}
print(f"{'method':24s} {'rec':>5s} {'order':>6s} {'fb':>5s} {'trained':>9s} {'examples':>8s} models")
for name, (acc, trained, examples, served) in summary.items():
    print(
        f"{name:24s} {acc['recommendation']:5.0%} {acc['order']:6.0%} {acc['feedback']:5.0%} "
        f"{trained:9,d} {examples:8,d} {served:6d}"
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
    | {f"lora/{t}": v for t, v in lora_full_acc.items()}
    | {f"lr/{lr:g}/order": lr_acc[lr]["order"] for lr in rates}
    | {f"lr/{lr:g}/old_min": old_min(lr_acc[lr]) for lr in rates}
    | {f"lr/{lr:g}/old_loss": lr_old_loss[lr] for lr in rates}
    | {f"l2sp/{s:g}/order": acc["order"] for s, acc in l2sp_acc.items()}
    | {f"l2sp/{s:g}/old_min": old_min(acc) for s, acc in l2sp_acc.items()}
    | {f"l2sp/{s:g}/old_loss": loss for s, loss in l2sp_old_loss.items()}
    | {f"recovery/{step}/old_min": old_min(row) for step, row in recovered.items()}
    | {f"recovery/{step}/order": row["order"] for step, row in recovered.items()}
    | {f"router/{name}/{split}": v for (name, split), v in router_acc.items()}
    | {f"routed/{name}/{split}": sum(acc.values()) / len(acc) for (name, split), acc in routed.items()}
    | {f"replay/{share:g}/min_task": min(acc.values()) for share, acc in sweep.items()}
    | {f"replay/{share:g}/old_min": old_min(acc) for share, acc in sweep.items()}
    | {
        "merged/alpha": best_alpha,
        "lora/rank": best_lora[0],
        "lora/lr": best_lora[1],
        "lora/old_best": lora_old_best,
        "lora/order_best": max(acc["order"] for acc in lora_acc.values()),
        "lora/trainable_params": lora_trainable[best_lora[0]],
        "mixed/share": MIXED_SHARE,
        "replay/threshold": replay_threshold,
        "probe/old_loss/base": base_old_loss,
        "probe/old_loss/naive": curve[-1]["old-reply loss"],
        "probe/old_loss/peak": max(r["old-reply loss"] for r in curve),
        "curve/old_lost_step": drop["step"],
        "curve/order_when_old_lost": drop["order"],
        "recovery/steps": SHORT_STEPS,
        "recovery/new_task_order": new_task_short,
        "router/accuracy": router_acc["keyword", "held-out"],
        "tau/order_short": tau_norms["order"],
        "tau/feedback_short": tau_norms["feedback"],
        "tau/order_full": norm(tau_order),
        "params": n_params,
        "routed/weight_mb": 2 * bytes_per_model / 1e6,
    }
)
record_metrics(metrics)
show_expected("forgetting", metrics)

# %% [markdown]
# **Expected:** replay and routing (with a router that is right) are the rows that keep every
# task: replay's bars are all above the dashed 80 % line, and routing's order bar is the order
# fine-tune's own, which varies most from seed to seed. The second table gives the range of
# each number over the seeds the course was tested on.
#
# **The lesson.** Fine-tuning for one task can cost you the others, and on a small model it
# costs them completely. The controls do not explain it away: a ten times lower rate learns
# fewer orders and still loses the old tasks, and a penalty or LoRA trades one for the other
# without keeping them. The old skills are hidden more than gone (a short replay restores
# much of them), but only old data brings them back. The remedies that worked here are the plain ones:
# train on every task you care about, or keep separate models behind a router you have
# measured. Merging and LoRA are worth trying on large models, where the literature finds they
# help, but measure: on this model neither one prevented the forgetting.
#
# ## Exercises
#
# ### Exercise 1 — choose a learning rate for a priority
#
# Section 3 fine-tuned on orders at the rates in `rates` (the models are in `lr_models`, their
# accuracies on `curve_set` in `lr_acc`). Your manager says: "order changes must be at least
# 50 % right on the held-out queries; among the rates that manage it, take the one that keeps
# the old replies most likely." Old-task accuracy is near zero at every rate, so judge "most
# likely" by the held-out loss on recommendations,
# `mean_loss(model, tokenizer, heldout["recommendation"])` (lower is better). If no rate
# reaches 50 % on orders, take the rate with the best order accuracy.
#
# **Predict first**, then store in `chosen_rate` the pair (the rate, that model's held-out
# loss on `heldout["recommendation"]`). Explain: what did the lower rates buy, and what did
# they cost?

# %% tags=["exercise"]
chosen_rate = None  # your code here

# %% tags=["solution"]
rec_loss = {lr: mean_loss(model, tokenizer, heldout["recommendation"]) for lr, model in lr_models.items()}
qualified = [lr for lr in rates if lr_acc[lr]["order"] >= 0.5]
if qualified:
    rate = min(qualified, key=lambda lr: rec_loss[lr])
else:
    rate = max(rates, key=lambda lr: lr_acc[lr]["order"])
chosen_rate = (rate, rec_loss[rate])
for lr in rates:
    print(f"lr {lr:.0e}: orders {lr_acc[lr]['order']:.1%}, recommendation loss {rec_loss[lr]:.3f}")
print("chosen:", chosen_rate)

# %% tags=["check"]
# The check measures every model of the sweep itself (tiny_models/checks/forgetting.py), with
# its own exact-match count, and applies the priority; your rate and loss must equal its.
_key = checks.Key(lambda: checks.rate_for_priority(lr_models, tokenizer, curve_set, heldout, min_order=0.5))
check_answer(
    "exercise 1",
    chosen_rate,
    lambda a: _key.accepts(a, 1e-6),
    "keep the rates whose models reach lr_acc[lr]['order'] >= 0.5, pick the one with the lowest "
    "mean_loss(model, tokenizer, heldout['recommendation']), and store (rate, that loss).",
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
# Section 8 fine-tuned a copy of the base on *feedback only* (`feedback_model`), a task the
# base already answers perfectly. **Predict first:** does it forget recommendations as badly
# as the order fine-tune did? Then measure: store in `feedback_ft_rec` the pair (its
# recommendation accuracy on `heldout`, its held-out loss on `heldout["recommendation"]`).

# %% tags=["exercise"]
feedback_ft_rec = None  # your code here

# %% tags=["solution"]
feedback_ft_rec = (
    evaluate(feedback_model, {"recommendation": heldout["recommendation"]})["recommendation"],
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
# vectors printed in section 8 (measured after the same number of steps): a shorter move in
# weight space need not mean less forgetting.
#
# ### Exercise 4 (open) — a penalty that knows what matters
#
# L2-SP (section 6) holds every weight equally. Elastic weight consolidation (Kirkpatrick et
# al. 2017) weighs each weight's distance by its importance to the old tasks: the squared
# gradient of the old-task loss (the diagonal Fisher information), averaged over a few batches
# of recommendation and feedback examples. Write `ewc(strength)` next to `l2_sp`, try two or
# three strengths, and add the rows to the table of section 6. Does weighting by importance
# move the trade-off? Remember what EWC needs that L2-SP does not: old-task data, to compute
# the importances. There is no automatic check: compare against the summary table.
#
# ## Check yourself
#
# <details><summary>The old tasks collapse early, long before orders are learned. Why so early?</summary>
#
# The first steps have the largest loss and gradients, and nothing in the order-only
# batches rewards the old reply templates. The cheapest way to reduce the loss is to make
# every reply start like an order reply, which breaks the others at once; learning to copy
# the right id and choose the right action takes longer. A lower learning rate slows both,
# which is why it learns fewer orders and still forgets (section 3).
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
# becomes a new point of failure: section 7 showed a keyword router that was perfect on tidy
# queries send every ambiguous one to the wrong specialist. With LoRA adapters on a shared
# base the memory cost shrinks, but the router stays.
# </details>
#
# ## Further reading
#
# - McCloskey & Cohen (1989), "Catastrophic interference in connectionist networks: the
#   sequential learning problem", *Psychology of Learning and Motivation* 24.
# - Kirkpatrick et al. (2017), "Overcoming catastrophic forgetting in neural networks",
#   *PNAS* 114(13), arXiv 1612.00796: elastic weight consolidation (exercise 4).
# - Li, Grandvalet & Davoine (2018), "Explicit inductive bias for transfer learning with
#   convolutional networks" (L2-SP), ICML, arXiv 1802.01483.
# - Kotha, Springer & Raghunathan (2024), "Understanding catastrophic forgetting in language
#   models via implicit inference", ICLR, arXiv 2309.10105.
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
