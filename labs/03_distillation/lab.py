# %% [markdown]
# # Lab 03 — Distillation: a small specialist taught by a bigger model
#
# **The question.** Your labelled data is scarce and some of it is wrong, and the model that is
# good at the task is too big and slow to serve. Can a much smaller model learn the task from the
# big one instead of from the people who labelled the data?
#
# **What you will see.** A *teacher*, the largest model on this site, writes replies to unlabelled
# support-desk queries. A much smaller *student* is fine-tuned on those replies, and the same
# student, from the same start, on a scarce set of human labels with realistic mistakes. You
# measure the held-out accuracy of both students, of the teacher and of a *bigger generalist*
# model that was never specialised for the task; then what the student saves in parameters,
# disk, latency and throughput, set against how much smaller it is.
#
# **Run time.** Under a minute on 2 CPU cores in normal mode (imports, short fine-tuning runs,
# timing); fast mode is shorter.
#
# **Learning objectives.** After this lab you can
#
# 1. distil a model at the sequence level: generate replies with a teacher, fine-tune a student on them;
# 2. explain why a student trained on a teacher's replies can beat one trained on noisy human labels;
# 3. measure the cost side of a model (parameters, bytes, latency, throughput) and explain why
#    speed-ups are smaller than size ratios for tiny models;
# 4. recognise what a student inherits from its teacher, mistakes included.

# %%
import resource
import time

import matplotlib.pyplot as plt

import tiny_models
from tiny_models import count_parameters, generate_replies, load_checkpoint, task_accuracy
from tiny_models.checkpoints import checkpoint_path
from tiny_models.checks import distillation as checks
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.latency import median_latency_ms, throughput
from tiny_models.tasks import support_desk
from tiny_models.tasks.noisy_labels import add_label_noise, noise_rate, relabel
from tiny_models.training import mean_loss

settings = lab_settings()

# %% [markdown]
# ## 1. The task, the teacher and the generalist
#
# The task is the support desk's **product recommendations and general feedback**: name the
# right product category and copy the budget, or thank or apologise and copy the ticket number.
# A reply counts as correct only if it matches the reference word for word, and we measure on
# **held-out templates**, sentences no model trained on.
#
# Two models come as checkpoints; the lab never trains them:
#
# - `support-teacher`: 12 layers of width 80, trained on 15,000 human-labelled conversations in
#   which 30 % of the labels are wrong (see its model card).
# - `support-generalist`: 2 layers of width 128, trained on *all three* support-desk tasks,
#   order changes included, with the same noisy labels and a small training budget spread over
#   the three. It is our stand-in for a bigger general-purpose model that was never
#   specialised for your task.

# %%
TASKS = ("recommendation", "feedback")
teacher, tokenizer = load_checkpoint("support-teacher")
generalist, _ = load_checkpoint("support-generalist")

n_eval = settings.pick(200, 100)  # per task
heldout = {task: support_desk.make_examples(task, n_eval, split="heldout", seed=settings.seed) for task in TASKS}
heldout_examples = [ex for task in TASKS for ex in heldout[task]]


def accuracies(model) -> dict[str, float]:
    """Exact-match accuracy on held-out templates: per task, and their mean."""
    per_task = task_accuracy(model, tokenizer, heldout)
    return {**per_task, "mean": sum(per_task.values()) / len(per_task)}


def score(model) -> float:
    return accuracies(model)["mean"]


def show(name: str, params: int, acc: dict[str, float]) -> None:
    print(f"{name:32s} {params:>10,} {acc['recommendation']:>8.1%} {acc['feedback']:>8.1%} {acc['mean']:>8.1%}")


HEADER = f"{'model':32s} {'parameters':>10s} {'rec':>8s} {'feedback':>8s} {'mean':>8s}"
teacher_scores, generalist_scores = accuracies(teacher), accuracies(generalist)
teacher_acc, generalist_acc = teacher_scores["mean"], generalist_scores["mean"]
teacher_params, generalist_params = count_parameters(teacher), count_parameters(generalist)
print(HEADER)
show("teacher", teacher_params, teacher_scores)
show("generalist", generalist_params, generalist_scores)

# %% [markdown]
# ## 2. The student
#
# Real students start from a small *pretrained* model, not from random weights: DistilBERT
# started from half of BERT's layers (Sanh et al., 2019), CoEdIT from Flan-T5 (Raheja et al.,
# 2023). Ours is `support-mini`, a GPT-2 of the same family with 2 layers of width 48. Like a
# small open model you might download, it knows the words of the support desk and can copy a
# number from a query into a reply (it was pretrained on the desk's texts and on order
# changes), but it has never answered a recommendation or a feedback query. Its model card
# says exactly what it read. It shares the teacher's tokenizer, which is what lets it learn
# from the teacher's words.

# %%
student_start, student_tokenizer = load_checkpoint("support-mini")
assert student_tokenizer.get_vocab() == tokenizer.get_vocab(), "student and teacher must share a vocabulary"
student_params = count_parameters(student_start)
print(f"student: {student_params:,} parameters, {teacher_params / student_params:.1f}x fewer than the teacher")
print(f"student before fine-tuning: accuracy {score(student_start):.1%}")

# %% [markdown]
# ## 3. Two ways to teach the student
#
# **Predict before you run the next cells.** You have 600 conversations labelled by people, three
# in ten of them wrong, and 1,000 queries nobody labelled. Which student will be more accurate on
# new sentences: the one trained on the 600 human labels, or the one trained on the teacher's
# replies to the 1,000 unlabelled queries? Will either reach the teacher?
#
# The human labels: correct queries and replies, then 30 % of the replies swapped for a wrong
# category or sentiment (numbers kept), as `add_label_noise` documents.

# %%
N_HUMAN, NOISE = 600, 0.3
true_pairs = support_desk.make_mixture({task: N_HUMAN // 2 for task in TASKS}, seed=settings.seed)
human = add_label_noise(true_pairs, NOISE, seed=settings.seed)
print(f"{len(human)} human-labelled examples, {noise_rate(human, true_pairs):.0%} of them wrong, e.g.")
wrong = next(i for i, (h, t) in enumerate(zip(human, true_pairs)) if h.response != t.response)
print(
    f"   query:      {human[wrong].query}\n   human said: {human[wrong].response}\n   correct:    {true_pairs[wrong].response}"
)

# %% [markdown]
# The teacher's data: queries without labels (drawn with another seed, so they are not the
# human set), answered by the teacher with greedy decoding. This is **sequence-level knowledge
# distillation** (Kim & Rush, 2016): the student imitates the teacher's whole output sequences.

# %%
N_TEACHER = 1000
unlabelled = support_desk.make_mixture({task: settings.pick(1500, 500) for task in TASKS}, seed=1000 + settings.seed)
start = time.perf_counter()
teacher_replies = generate_replies(teacher, tokenizer, [ex.query for ex in unlabelled])
print(f"the teacher answered {len(unlabelled)} queries in {time.perf_counter() - start:.1f} s")
distilled_pool = [
    support_desk.Example(ex.task, ex.query, reply, "teacher") for ex, reply in zip(unlabelled, teacher_replies)
]
teacher_error = sum(d.response != ex.response for d, ex in zip(distilled_pool, unlabelled)) / len(unlabelled)
print(f"the teacher's replies are wrong on {teacher_error:.1%} of them (the humans: {NOISE:.0%})")

# %% [markdown]
# Both students get the same training budget, starting from the same `support-mini` weights.
# `fine_tune` is the course's one fine-tune helper (`tiny_models.fine_tune`): it copies the
# start and repeats the training step you read in Lab 00 (sample a batch, compute the loss on
# the reply tokens, step AdamW).

# %%
STEPS, BATCH, LR = 150, 64, 3e-3


def fine_tune(examples, seed: int = settings.seed):
    """A student: a fresh copy of ``student_start`` fine-tuned on ``examples``."""
    recipe = dict(steps=STEPS, batch_size=BATCH, lr=LR, seed=seed, progress=False)
    return tiny_models.fine_tune(student_start, tokenizer, examples, **recipe).model


student_gold = fine_tune(human)
student_distilled = fine_tune(distilled_pool[:N_TEACHER])
gold_scores, distilled_scores = accuracies(student_gold), accuracies(student_distilled)
gold_acc, distilled_acc = gold_scores["mean"], distilled_scores["mean"]

print(HEADER)
show("teacher", teacher_params, teacher_scores)
show("generalist", generalist_params, generalist_scores)
show(f"student, {N_HUMAN} human labels", student_params, gold_scores)
show(f"student, {N_TEACHER} teacher replies", student_params, distilled_scores)
print(f"\nthe distilled student keeps {distilled_acc / teacher_acc:.0%} of the teacher's accuracy")

# %% [markdown]
# **Expected result.** The distilled student keeps most of the teacher's accuracy and clearly
# beats the student on human labels; the generalist, although bigger than the student, stays
# below it. The exact numbers vary with the seed; the ordering should not (the ranges measured
# on other seeds are in the table at the end of section 5).
#
# Look at the columns too. The student on human labels loses most on **feedback**: with only
# two sentiments, every wrong label is the *same* wrong answer, so for each phrase the right
# reply wins only 70 to 30. For recommendations the same 30 % of errors are spread over seven
# wrong categories, and the right one still stands out clearly. The generalist shows the same
# weak spot for another reason: its small budget, shared over three tasks, did not get it
# through the noisy feedback labels.
#
# Why does the teacher help? It saw 15,000 noisy examples. The mistakes in them were scattered
# while the right reply was the most frequent one for every kind of request, so the teacher
# learned the right reply and its greedy output is almost noise-free: it has *cleaned* the
# labels. A small student with only 600 examples cannot average the noise away; it learns some
# of the mistakes as if they were rules. Hinton, Vinyals & Dean (2015) saw the same transfer
# on MNIST: a small net made 146 test errors trained on its own, 74 when distilled from a large
# net that made 67.
#
# ## 4. The cost side
#
# A student is worth having only if it is cheaper to serve. We measure, in this run, the
# parameters, the bytes of a float32 checkpoint, the latency of one query at a time and the
# throughput of one large batch, for the teacher, the generalist and the student.
#
# Timing on a shared machine is noisy, so we time with `tiny_models.latency`, as in Lab 00: the
# models take turns on every query (a slow moment hits all of them alike) and we report the
# median, which ignores the odd slow outlier.

# %%
latency_queries = [ex.query for ex in heldout["recommendation"][:15] + heldout["feedback"][:15]]
batch_queries = [ex.query for exs in heldout.values() for ex in exs]
served = {"teacher": teacher, "generalist": generalist, "student": student_distilled}
latency = median_latency_ms(
    {name: (lambda query, model=model: generate_replies(model, tokenizer, [query])) for name, model in served.items()},
    latency_queries,
)
costs = {
    name: (
        count_parameters(model),
        4 * count_parameters(model) / 1e6,
        latency[name],
        throughput(lambda queries, model=model: generate_replies(model, tokenizer, queries), batch_queries),
    )
    for name, model in served.items()
}
print(f"{'model':12s} {'params':>9s} {'fp32 MB':>8s} {'ms/query':>9s} {'queries/s':>10s}")
for name, (params, mb, ms, qps) in costs.items():
    print(f"{name:12s} {params:>9,} {mb:>8.2f} {ms:>9.1f} {qps:>10.0f}")

size_ratio = costs["teacher"][0] / costs["student"][0]
latency_ratio = costs["teacher"][2] / costs["student"][2]
throughput_ratio = costs["student"][3] / costs["teacher"][3]
teacher_file_mb = (checkpoint_path("support-teacher") / "model.safetensors").stat().st_size / 1e6
peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
print(
    f"\nthe student is {size_ratio:.1f}x smaller, {latency_ratio:.1f}x faster per query and has "
    f"{throughput_ratio:.1f}x the batch throughput of the teacher"
)
print(f"teacher checkpoint on disk: {teacher_file_mb:.2f} MB; peak memory of this whole notebook: {peak_rss_mb:.0f} MB")

# %% [markdown]
# **Expected result.** The student answers one query faster than the teacher, but that ratio
# is far below the size ratio printed above, and the batch-throughput ratio sits in between.
# The reason: these models are so small that a forward pass is dominated by fixed costs
# (Python, launching many tiny matrix products, the generation loop), which do not shrink with
# the model. What does shrink is the number of layers to run one after the other: the teacher
# has 12, the student 2, and at batch size 1 that is most of the difference. At real scale,
# where the matrix products dominate, speed follows size much more closely: DistilBERT is 40 %
# smaller and 60 % faster than BERT (Sanh et al., 2019). The peak memory is that of the whole
# notebook, mostly PyTorch itself (several hundred MB); the models add a few MB each.

# %%
fig, ax = plt.subplots(figsize=(6, 4))
points = {
    "teacher": (costs["teacher"][2], teacher_acc),
    "generalist": (costs["generalist"][2], generalist_acc),
    "student (human labels)": (costs["student"][2], gold_acc),
    "student (distilled)": (costs["student"][2], distilled_acc),
}
for (name, (x, y)), color in zip(points.items(), ["#4c72b0", "#8172b2", "#c44e52", "#55a868"]):
    ax.scatter(x, 100 * y, s=80, color=color, label=name)
ax.set_xlabel("latency, one query at a time (ms)")
ax.set_ylabel("exact-match accuracy (%)")
ax.set_ylim(0, 105)
ax.set_title("accuracy against latency, one point per model")
ax.legend(loc="lower right", fontsize=8)
show_figure(fig, "accuracy-vs-latency")

# %% [markdown]
# ## 5. The data side: how many teacher replies does the student need?
#
# **Predict:** with 100 teacher replies, will the student beat the one trained on 600 human
# labels? The student is trained afresh for each size of the teacher-generated set; the line is
# the human-label student.

# %%
sizes = settings.pick([100, 300, 1000, 3000], [100, 1000])
curve = {}
for n in sizes:
    curve[n] = distilled_acc if n == N_TEACHER else score(fine_tune(distilled_pool[:n]))
    print(f"{n:>5} teacher replies: accuracy {curve[n]:.1%}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(list(curve), [100 * v for v in curve.values()], "o-", color="#55a868", label="student on teacher replies")
ax.axhline(100 * gold_acc, color="#c44e52", linestyle="--", label=f"student on {N_HUMAN} human labels")
ax.axhline(100 * teacher_acc, color="#4c72b0", linestyle=":", label="teacher")
ax.set_xscale("log")
ax.set_xlabel("number of teacher-generated examples (log scale)")
ax.set_ylabel("exact-match accuracy (%)")
ax.set_ylim(0, 105)
ax.legend(loc="lower right", fontsize=8)
show_figure(fig, "accuracy-vs-teacher-examples")

metrics = {
    "teacher/params": teacher_params,
    "student/params": student_params,
    "generalist/params": generalist_params,
    "teacher/accuracy": teacher_acc,
    "student_gold/accuracy": gold_acc,
    "student_distilled/accuracy": distilled_acc,
    "generalist/accuracy": generalist_acc,
    "teacher/error_on_unlabelled": teacher_error,
    "latency_ratio": latency_ratio,
    "throughput_ratio": throughput_ratio,
    "size_ratio": size_ratio,
    "teacher/latency_ms": costs["teacher"][2],
    "student/latency_ms": costs["student"][2],
    "teacher/checkpoint_mb": teacher_file_mb,
    "peak_rss_mb": peak_rss_mb,
    **{f"curve/{n}": acc for n, acc in curve.items()},
}
record_metrics(metrics)
show_expected("distillation", metrics)

# %% [markdown]
# Generated data is only as good as the model that wrote it, and it is cheap: Stanford Alpaca
# fine-tuned LLaMA 7B on 52,000 demonstrations written by a larger OpenAI model (Taori et al.,
# 2023). Whether the student here needs hundreds or thousands of replies depends on the seed;
# what the curve shows is that replies you can generate by the thousand beat scarce labels.
#
# ## Honest limits
#
# - The task is synthetic, with one right reply per query and a closed vocabulary. Real tasks
#   have many acceptable replies, and a teacher's mistakes are not random but systematic.
# - Our "generalist" is a small model trained on three tasks with a small budget, a stand-in
#   for a large general model; how far it falls behind depends on that budget, which we chose.
#   What carries over is the ordering, which real results show at scale: CoEdIT's Flan-T5
#   models, instruction-tuned on 82,000 editing examples, were competitive with GPT-3-Edit, a
#   175B GPT-3 already specialised for editing, while the 3B model is about 60 times smaller
#   (Raheja et al., 2023).
# - Our student starts from `support-mini`, pretrained for this lab to read the desk's
#   sentences and copy numbers. A real small model brings far more general skill, and also
#   habits of its own that fine-tuning must overcome.
# - At real scale the cost ratios are closer to the size ratios than here (section 4), and a
#   student of a large model often also learns from its probabilities (soft targets), not only
#   from its text.
#
# ## Exercises
#
# ### Exercise 1 — same queries, the teacher's replies
#
# Section 3 changed two things at once: the students saw different numbers of examples (600
# and 1,000) and replies from different sources. A sceptic asks which one mattered. Run the
# matched control: let the teacher reply to the 600 queries the humans labelled (the queries of
# `true_pairs`, with `generate_replies`), build examples from those replies as section 3 built
# `distilled_pool`, and train a student on them with `fine_tune`.
#
# Exact match is coarse, and near the top several students may score alike. A finer yardstick
# is the **held-out loss**, `mean_loss(model, tokenizer, examples)`: the mean cross-entropy per
# reply token of the *correct* replies, lower when the right reply is more likely.
#
# **Predict first**, and write it down: will this student land nearer the one on human labels
# or the one on 1,000 teacher replies? Then store in `matched_result` the pair
# (`accuracies(model)`, the held-out loss on `heldout_examples`, all held-out queries of both
# tasks) and explain in a sentence what the comparison says about *why* distillation helped.

# %% tags=["exercise"]
matched_result = None  # your code here

# %% tags=["solution"]
replies_on_human = generate_replies(teacher, tokenizer, [ex.query for ex in true_pairs])
matched_pool = [support_desk.Example(ex.task, ex.query, r, "teacher") for ex, r in zip(true_pairs, replies_on_human)]
matched_student = fine_tune(matched_pool)
matched_result = (accuracies(matched_student), mean_loss(matched_student, tokenizer, heldout_examples))
students = {
    "human labels": (student_gold, gold_scores),
    "teacher, same queries": (matched_student, matched_result[0]),
    f"teacher, {N_TEACHER}": (student_distilled, distilled_scores),
}
for name, (model, scores) in students.items():
    show(f"student, {name}", student_params, scores)
    print(f"{'':32s} held-out loss {mean_loss(model, tokenizer, heldout_examples):.4f}")

# %% tags=["check"]
# The check runs the same experiment itself (tiny_models/checks/distillation.py) and counts exact
# matches with its own loop; your accuracies and loss must equal its.
_on_human = checks.Key(lambda: checks.teacher_replies(teacher, tokenizer, true_pairs))
_key = checks.Key(
    lambda: checks.student_scores(student_start, tokenizer, _on_human.value, heldout, STEPS, BATCH, LR, settings.seed)
)
check_answer(
    "exercise 1",
    matched_result,
    lambda a: _key.accepts(a, 1e-6),
    "generate the teacher's replies to [ex.query for ex in true_pairs], make Examples as for "
    "distilled_pool, train with fine_tune(...) and store (accuracies(model), mean_loss(model, "
    "tokenizer, heldout_examples)).",
)

# %% [markdown]
# ### Exercise 2 — who cleaned the labels?
#
# The teacher was trained on labels with 30 % errors. On the 600 queries of the *human* set,
# what share of the teacher's greedy replies differ from the correct reply
# (`true_pairs[i].response`)? Store it in `teacher_error_on_human_queries`, a fraction. Compare
# it with the humans' share of wrong labels, and use it to explain exercise 1.

# %% tags=["exercise"]
teacher_error_on_human_queries = None  # your code here

# %% tags=["solution"]
# replies_on_human: the teacher's replies to the queries of true_pairs, from exercise 1
teacher_error_on_human_queries = sum(r != ex.response for r, ex in zip(replies_on_human, true_pairs)) / len(true_pairs)
print(f"teacher: {teacher_error_on_human_queries:.1%} wrong; humans: {noise_rate(human, true_pairs):.1%} wrong")

# %% tags=["check"]
_key = checks.Key(lambda: checks.error_rate(_on_human.value, true_pairs))
check_answer(
    "exercise 2",
    teacher_error_on_human_queries,
    lambda a: _key.accepts(a, 1e-9),
    "generate the teacher's replies for the queries of true_pairs and count those that "
    "differ from ex.response; divide by len(true_pairs).",
)

# %% [markdown]
# ### Exercise 3 — students inherit their teacher's mistakes
#
# Suppose the teacher had a blind spot: it recommends *desk lamps* to everyone who needs
# *headphones*. Build that faulty teacher data from `distilled_pool[:N_TEACHER]` with
# `relabel(ex, "desk lamps")` on every recommendation whose correct category (look it up in
# `unlabelled[i].label`) is `"headphones"`, train a student on it with `fine_tune(...)`, and
# store its accuracy on the held-out *headphones* queries
# (`[ex for ex in heldout["recommendation"] if ex.label == "headphones"]`) in `blind_spot_accuracy`.

# %% tags=["exercise"]
blind_spot_accuracy = None  # your code here

# %% tags=["solution"]
faulty = [
    relabel(d, "desk lamps") if ex.task == "recommendation" and ex.label == "headphones" else d
    for d, ex in zip(distilled_pool[:N_TEACHER], unlabelled[:N_TEACHER])
]
inheritor = fine_tune(faulty)
headphones = [ex for ex in heldout["recommendation"] if ex.label == "headphones"]
blind_spot_accuracy = task_accuracy(inheritor, tokenizer, {"headphones": headphones})["headphones"]
others = [ex for ex in heldout["recommendation"] if ex.label != "headphones"]
print(
    f"headphones: {blind_spot_accuracy:.0%} correct; the other categories: "
    f"{task_accuracy(inheritor, tokenizer, {'others': others})['others']:.0%}"
)

# %% tags=["check"]
# The exact value depends on a training run, so the check tests the lesson: the student repeats
# the teacher's mistake on (nearly) every headphones query.
check_answer(
    "exercise 3",
    blind_spot_accuracy,
    lambda a: 0.0 <= float(a) <= 0.2,
    "relabel every headphones recommendation of the teacher data to 'desk lamps', train with "
    "fine_tune(), and measure on the held-out headphones queries only: the student should "
    "repeat the teacher's mistake on nearly all of them.",
)

# %% [markdown]
# A student has no way to know that its teacher is wrong: it copies the mistake faithfully,
# while the other categories stay as good as before. Check a teacher's outputs on every slice
# you care about before you distil it.
#
# ## Check yourself
#
# <details><summary>The teacher learned from labels that were 30 % wrong. Why is it nearly always right?</summary>
#
# The mistakes were scattered over many wrong answers while the right answer was the most
# common one for every kind of request. With 15,000 examples, a model that predicts the most
# likely reply averages the noise away; greedy decoding then returns the majority reply.
# </details>
#
# <details><summary>Why does the student on 600 human labels do worse than the same student on 1,000 teacher replies?</summary>
#
# Partly more data, but mostly cleaner data: with few examples per kind of request, a wrong
# label is not outvoted, and the student learns it as a rule. The teacher's replies carry
# almost no such errors (exercise 2). With thousands of human labels the gap would shrink.
# </details>
#
# <details><summary>The student is over 10 times smaller. Why is it not 10 times faster?</summary>
#
# At this scale most of the time goes to fixed costs per generated token — Python, the
# generation loop, launching small matrix products — that are the same for both models.
# Speed follows size only once the arithmetic dominates, as in models with millions or
# billions of parameters.
# </details>
#
# <details><summary>When would you <em>not</em> distil?</summary>
#
# When the teacher is not good on your task (the student inherits its mistakes, exercise 3),
# when the teacher's licence forbids training on its outputs, or when the big model's cost is
# not a problem yet: distillation adds a training pipeline you must keep up to date.
# </details>
#
# ## Further reading
#
# - Hinton, Vinyals & Dean (2015), *Distilling the Knowledge in a Neural Network*, arXiv
#   1503.02531: soft targets with a temperature; on MNIST a small net made 146 errors alone, 74
#   when distilled, against 67 for the large net.
# - Kim & Rush (2016), *Sequence-Level Knowledge Distillation*, EMNLP: train the student on the
#   teacher's output sequences, as in this lab.
# - Sanh et al. (2019), *DistilBERT*, arXiv 1910.01108: 40 % smaller, 60 % faster, 97 % of BERT's
#   language-understanding performance.
# - Hsieh et al. (2023), *Distilling Step-by-Step!*, Findings of ACL: a 770M T5 beats the 540B
#   PaLM on ANLI using 80 % of the data, by learning the teacher's rationales too.
# - Raheja et al. (2023), *CoEdIT*, Findings of EMNLP: small instruction-tuned editing models
#   competitive with the far larger, editing-specialised GPT-3-Edit on text editing.
# - Taori et al. (2023), *Stanford Alpaca*: 52,000 instruction demonstrations generated by a larger
#   model, used to fine-tune LLaMA 7B.
# - Huyen (2025), *AI Engineering*, O'Reilly, chapter 7: smaller models as a reason to fine-tune.
# - Next: [Lab 04](04_facts.ipynb) asks whether facts belong in the weights or in the prompt.
