# %% [markdown]
# # Lab 05 — Does it hold on a real chat model?
#
# **The question.** Every lab so far trained tiny GPT-2-style models on templated sentences. A
# sceptical engineer asks: does any of this happen on a *real* language model? Here we repeat
# the site's central experiment on **SmolLM2-135M-Instruct** (Allal et al., 2025), a small but
# real instruction-tuned chat model with 134.5 million parameters, pretrained on trillions of
# tokens, running on your CPU.
#
# **What you will see.** A fictional shop catalogue whose products and prices the model cannot
# know. You ask the model about them with nothing, then with the facts in the prompt (the one
# relevant line, the whole catalogue, lines found by a search engine), then with the facts
# trained into its weights (LoRA on one phrasing and on several). Then a quarter of the prices
# change. Last, you check what each fine-tune did to questions the model could answer before.
#
# **Run time.** Several minutes on 2 free CPU cores in normal mode, and proportionally longer on
# a machine busy with other work; fast mode (fewer products, epochs and probe questions) takes
# about half as long. A real model is about 150 times bigger than the largest model of the other
# labs: every answer and every training step costs real seconds.
#
# **Learning objectives.** After this lab you can
#
# 1. measure what a chat model knows closed book, and how often it states a wrong value as fact;
# 2. compare putting facts in the prompt (one line, everything, retrieval) with putting them in
#    the weights, on accuracy and on what an update costs;
# 3. test whether training on several phrasings of a fact helps on a new phrasing, and say what
#    in the setup decides it;
# 4. measure side effects of a fine-tune on a probe of general questions, and say what a result
#    on a 135M model can and cannot tell you about bigger ones.

# %%
import inspect
import re
import resource
import time

import torch
from peft import LoraConfig, get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict

from tiny_models import chat_training, lab_figures
from tiny_models.chat_generation import greedy_answers
from tiny_models.labkit import check_answer, lab_settings, record_metrics, show_expected, show_figure
from tiny_models.real_model import load_real_model, restore_weights
from tiny_models.retrieval import BM25
from tiny_models.tasks import fictional_shop
from tiny_models.tasks.general_probe import PROBE, REPLAY, is_correct

settings = lab_settings()
start = time.perf_counter()
model, tokenizer = load_real_model()
n_params = sum(p.numel() for p in model.parameters())
print(f"SmolLM2-135M-Instruct: {n_params / 1e6:.1f} M parameters, loaded in {time.perf_counter() - start:.1f} s")

# %% [markdown]
# ## 1. A catalogue the model cannot know
#
# Product names are made-up words ("Kelmox kettle"), prices are random whole dollars, both drawn
# from the seed. No text the model was trained on can contain them.

# %%
N_PRODUCTS = settings.pick(12, 8)
catalogue = fictional_shop.make_catalogue(N_PRODUCTS, settings.seed)  # tiny_models/tasks/fictional_shop.py
PRODUCTS = list(catalogue)
for product, price in catalogue.items():
    print(f"{product:20s} {price} dollars")

# %% [markdown]
# Every question is written in the model's chat format (`<|im_start|>user … <|im_end|>` then
# `<|im_start|>assistant`), without a system message to keep prompts short: on two CPU cores
# every token costs time. Three phrasings are for training; a fourth, **never trained on**, is
# the one every approach is measured with. Scoring is automatic: an answer is correct if the right number appears in it.
#
# The model is chatty: asked for a price, it often talks about the product instead. To measure
# the *value* it believes in, we start its answer for it ("The Kelmox kettle costs") and let it
# continue for a few tokens. This is greedy decoding, batched, with the prompts padded on the
# left (`tiny_models/chat_generation.py`).

# %%
TRAIN_PHRASINGS = ["How much does the {p} cost?", "What is the price of the {p}?", "How much is the {p}?"]
TEST_PHRASING = "Tell me what the {p} costs."  # never trained on


def chat(question: str, context: str | None = None) -> str:
    """The model's chat prompt for one question, with optional context above it."""
    user = question if context is None else f"{context}\n\n{question}"
    return f"<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n"


def answer_line(product: str, price: int) -> str:
    return f"The {product} costs {price} dollars."


def ask_prices(prices: dict[str, int], contexts: dict[str, str] | None = None) -> list[str]:
    """Ask for every product's price with the unseen phrasing; the answer is started for the model."""
    prompts = [
        chat(TEST_PHRASING.format(p=p), None if contexts is None else contexts[p]) + f"The {p} costs" for p in prices
    ]
    return greedy_answers(model, tokenizer, prompts, max_new_tokens=6)


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text.replace(",", ""))]


def price_accuracy(answers: list[str], prices: dict[str, int]) -> float:
    return sum(price in numbers(a) for a, price in zip(answers, prices.values())) / len(prices)


def wrong_value_share(answers: list[str], prices: dict[str, int]) -> float:
    """Share of answers that state a number, and not the right one: a confident wrong value."""
    return sum(bool(numbers(a)) and price not in numbers(a) for a, price in zip(answers, prices.values())) / len(prices)


# %% [markdown]
# ## 2. Closed book
#
# **Predict before you run.** We measure two things: the share of right prices, and the share
# of answers that state a *wrong* number as if it were true. How often do you expect the model
# to say it does not know?
#
# First its own free answer (nothing started for it), then the started answer that asks for the value.

# %%
free = greedy_answers(model, tokenizer, [chat(TEST_PHRASING.format(p=p)) for p in PRODUCTS], max_new_tokens=16)
admits = sum(
    bool(re.search(r"(not sure|don't know|do not know|no information|cannot|can't|unable)", a, re.I)) for a in free
) / len(free)
closed = ask_prices(catalogue)
closed_acc, closed_wrong = price_accuracy(closed, catalogue), wrong_value_share(closed, catalogue)
for p, f, c in list(zip(PRODUCTS, free, closed))[:4]:
    print(f"{p}: free answer {f.strip()!r}\n{'':{len(p)}}  asked for the value: {c.strip()!r} (true: {catalogue[p]})")
print(
    f"\nclosed book: {closed_acc:.0%} right, {closed_wrong:.0%} state a wrong value; "
    f"{admits:.0%} of the free answers admit not knowing"
)

# %% [markdown]
# **Expected result.** Almost no price is right (a random three-digit guess is right once in
# 900). Asked for the value, nearly every answer states a wrong number; the free answers rarely
# or never admit not knowing: they describe the product fluently instead. That is the failure
# that matters in production: not silence, but a plausible wrong answer. (Each "Expected"
# paragraph has its ranges, valid on any seed, in the table at the end of section 6.)
#
# ## 3. Hand it the facts
#
# The chapter's quick test before any fine-tune: put the facts in the prompt. Three ways:
#
# - **one line**: only the relevant catalogue line (a perfect retriever);
# - **whole catalogue**: all lines, the relevant one somewhere among them;
# - **BM25 top-3**: the three lines a classic keyword search engine ranks highest
#   (Robertson & Zaragoza, 2009), the retriever of [Lab 04](04_facts.ipynb).


# %%
def words(text: str) -> str:
    """Lower-case words without punctuation: "The Kelmox kettle costs." -> "the kelmox kettle costs"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def bm25_top(query: str, documents: list[str], k: int) -> list[str]:
    """The ``k`` documents BM25 (Lab 04's `tiny_models.retrieval.BM25`) ranks highest for ``query``,
    best first; it splits on spaces, so both sides are normalised with ``words`` first."""
    original = {words(d): d for d in documents}
    return [original[d] for d in BM25(list(original)).top(words(query), k)]


def lines_of(prices: dict[str, int]) -> list[str]:
    return [answer_line(p, price) for p, price in prices.items()]


def contexts_for(prices: dict[str, int], how: str, k: int = 3) -> dict[str, str]:
    lines = lines_of(prices)
    if how == "one line":
        return {p: answer_line(p, price) for p, price in prices.items()}
    if how == "whole catalogue":
        return {p: "\n".join(lines) for p in prices}
    return {p: "\n".join(bm25_top(TEST_PHRASING.format(p=p), lines, k)) for p in prices}


HOW = ["one line", "whole catalogue", "BM25 top-3"]
in_prompt = {}
for how in HOW:
    start = time.perf_counter()
    answers = ask_prices(catalogue, contexts_for(catalogue, how))
    in_prompt[how] = price_accuracy(answers, catalogue)
    print(f"{how:16s} {in_prompt[how]:5.0%} right   ({time.perf_counter() - start:.1f} s)")
    if how == "whole catalogue":
        whole_answers = answers
print(
    "\nwith the whole catalogue, e.g.:",
    *[f"  {p} ({catalogue[p]}): {a.strip()!r}" for p, a in list(zip(PRODUCTS, whole_answers))[:4]],
    sep="\n",
)

# %% [markdown]
# **Expected result.** One line: nearly all right. The whole catalogue: far worse; the model
# often copies the price of a neighbouring line. BM25 top-3 comes close to the one-line result,
# because product names are rare words a keyword search finds.
#
# The lesson is not only "put facts in the prompt". A 135M model reads **short** contexts far
# better than long ones; it cannot reliably pick one line out of a dozen similar ones. Large
# models are much better readers, but they too lose facts in the middle of long contexts (Liu et
# al., 2024). Retrieval *precision* — few, relevant lines — is what made the difference here.
#
# ## 4. Facts in the weights: LoRA
#
# Now the alternative: train the facts into the model. We use LoRA (Hu et al., 2022): small
# low-rank matrices added to the linear layers are trained, the 134.5 M original weights stay
# frozen. To keep training affordable on two cores, the adapters sit in the upper 15 of the 30
# transformer blocks only, so the backward pass stops half-way down. The loss is on the answer
# only (the prompt's tokens are masked with -100), in batches of 4, and the learning rate falls
# linearly to zero over the run.
#
# Two training sets with the **same number of training examples**:
#
# - *one phrasing*: every fact asked the same way, repeated three times;
# - *paraphrases*: every fact asked in three different ways.
#
# Both are measured with the fourth phrasing, which neither saw.
#
# **Predict:** which one answers the unseen phrasing better? By how much?


# %%
# The loop is short and plain; it lives in tiny_models/chat_training.py, printed here to read.
print(inspect.getsource(chat_training.training_rows), inspect.getsource(chat_training.train), sep="\n")


def train(net, pairs, *, epochs: int, lr: float) -> float:
    return chat_training.train(net, tokenizer, pairs, chat, epochs=epochs, lr=lr, seed=settings.seed)


fact_pairs = {
    "one phrasing": [(TRAIN_PHRASINGS[0].format(p=p), answer_line(p, price)) for p, price in catalogue.items()] * 3,
    "paraphrases": [(t.format(p=p), answer_line(p, price)) for p, price in catalogue.items() for t in TRAIN_PHRASINGS],
}
LORA = LoraConfig(
    r=16,
    lora_alpha=32,
    lora_dropout=0.0,
    layers_to_transform=list(range(15, 30)),
    target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
)
# Five epochs, with the rate decaying to zero, bring the training loss close to zero; after
# three, on some seeds the adapters had learned few prices, and a comparison of
# under-trained adapters shows only noise.
LORA_EPOCHS, LORA_LR = 5, 2e-3

torch.manual_seed(settings.seed)
peft_model = get_peft_model(model, LORA, adapter_name="one phrasing")
peft_model.add_adapter("paraphrases", LORA)
lora_params = sum(p.numel() for n, p in peft_model.named_parameters() if "lora_" in n and ".paraphrases." in n)
lora = {}
for name, pairs in fact_pairs.items():
    peft_model.set_adapter(name)  # only this adapter is active and trainable
    seconds = train(peft_model, pairs, epochs=LORA_EPOCHS, lr=LORA_LR)
    answers = ask_prices(catalogue)
    lora[name] = {"accuracy": price_accuracy(answers, catalogue), "seconds": seconds}
    print(
        f"LoRA, {name:12s}: {lora[name]['accuracy']:5.0%} right on the unseen phrasing "
        f"({len(pairs)} rows x {LORA_EPOCHS} epochs, {seconds:.0f} s)"
    )
print(f"each adapter trains {lora_params / 1e6:.2f} M parameters ({lora_params / n_params:.1%} of the model)")
gain = lora["paraphrases"]["accuracy"] - lora["one phrasing"]["accuracy"]
print(
    f"paraphrases vs one phrasing, same number of rows: {100 * gain:+.0f} points on the unseen phrasing; "
    f"the one-line prompt, which needed no training, answered {in_prompt['one line']:.0%}"
)

# %% [markdown]
# **Expected result.** The paraphrase adapter learns most prices in five passes over its rows,
# a training run that cost seconds here for a dozen facts; the one-line prompt needed no
# training. Against one phrasing repeated, the gap depends on the run. In our runs with a dozen
# facts (normal mode) both adapters answered all or nearly all of the reworded questions; with
# eight facts (fast mode) the one-phrasing adapter sometimes answered few or none of them, while
# the paraphrase adapter never fell far. Varied phrasings were the safer choice, not always the
# higher score. The gap is often small because of the setup: the unseen question differs from
# the trained ones in its wording only, and the answer is started for the model ("The Kelmox
# kettle costs"), so recalling the price hardly depends on how the question was put.
#
# A comparison of fine-tunes also needs runs that finished learning. While building this lab we
# first trained for three epochs at a constant rate: on some seeds neither adapter had learned
# the prices, and with five epochs at a constant rate the last steps sometimes bounced and the
# adapter lost prices it had known. Five epochs with the rate decaying to zero settled both.
#
# Where the form of the question matters more, varied training data does help: Allen-Zhu & Li
# (2024) found that a model generalises a fact to new questions far better when it saw the fact
# in varied forms (they call this knowledge *augmentation*), and [Lab 04](04_facts.ipynb)
# measures it on tiny models, where nothing starts the answer: trained on one phrasing per fact
# instead of eight, its model answers far fewer questions put in new words. Whether it holds
# for your questions is worth measuring the way this section does. For a catalogue of
# thousands of facts, training them in takes hours; editing a prompt, none.
#
# ## 5. A quarter of the prices change
#
# Prices change. What does each approach answer the next morning? We change a quarter of the
# prices and ask about the changed products.

# %%
updated, changed = fictional_shop.change_prices(catalogue, settings.seed)  # a quarter, by > 50 dollars each
new_prices = {p: updated[p] for p in changed}
old_prices = {p: catalogue[p] for p in changed}

peft_model.set_adapter("paraphrases")
stale_answers = ask_prices(new_prices)
with peft_model.disable_adapter():  # retrieval works with the base model and the edited catalogue
    retrieval_answers = ask_prices(new_prices, contexts_for(updated, "BM25 top-3"))
after_update = {
    "LoRA (weights)": (price_accuracy(stale_answers, new_prices), price_accuracy(stale_answers, old_prices)),
    "BM25 top-3 (prompt)": (
        price_accuracy(retrieval_answers, new_prices),
        price_accuracy(retrieval_answers, old_prices),
    ),
}
for name, (new, old) in after_update.items():
    print(f"{name:20s} new price {new:5.0%}   old price {old:5.0%}")
print(
    f"\nupdating the prompt: edit {len(changed)} catalogue lines, no training. "
    f"Updating the weights: retrain, about {lora['paraphrases']['seconds']:.0f} s here"
)

# %% [markdown]
# **Expected result.** The LoRA model does not answer the **new** prices of the changed products
# (it may answer the old ones, as far as it learned them) and gives no sign that anything
# changed; retrieval answers the new prices as soon as the line is edited. To update the weights
# you must fine-tune again and check the result again: every price change becomes a training
# run. Ovadia et al. (2024) found the same with 7B models: retrieval beat fine-tuning on new facts.
#
# ## 6. Side effects: does fine-tuning make it forget?
#
# The probe: short general questions (`tiny_models/tasks/general_probe.py`) that the base
# model answered correctly when the probe was written (40 of 63 candidates; fast mode asks the
# first 30). We ask them before and after each fine-tune. An answer counts as right if one of
# the accepted words appears in it as a whole word.
#
# Besides the two LoRA adapters, two **full fine-tunes** (every transformer weight moves) on the
# narrow price task:
#
# - *narrow*: the paraphrase set only;
# - *with replay*: the same set plus general questions with short answers (a quarter of the
#   rows), a classic remedy against forgetting (see [Lab 01](01_forgetting.ipynb)).
#
# The token embeddings (shared with the output layer, 21 % of the weights) stay frozen in the
# full fine-tunes: with AdamW's two extra copies of every trained weight, training them too
# would take this notebook above 3 GB of memory.
#
# **Predict:** after which fine-tune does the model lose most general answers? Will any lose some?

# %%
probe = PROBE[: settings.pick(len(PROBE), 30)]


def probe_accuracy() -> float:
    answers = greedy_answers(model, tokenizer, [chat(q) for q, _ in probe], max_new_tokens=12)
    return sum(is_correct(a, accepted) for a, (_, accepted) in zip(answers, probe)) / len(probe)


side = {}
with peft_model.disable_adapter():
    side["base"] = probe_accuracy()
peft_model.set_adapter("paraphrases")
side["LoRA, paraphrases"] = probe_accuracy()
lora_state = get_peft_model_state_dict(peft_model, adapter_name="paraphrases")  # kept for exercise 3
model = peft_model.unload()  # the base model again, without adapters

FULL_EPOCHS, FULL_LR = settings.pick(2, 1), 1e-4
model.requires_grad_(True)  # peft froze the base weights; a full fine-tune trains them...
model.get_input_embeddings().weight.requires_grad_(False)  # ...except the shared embeddings
replay_pairs = list(REPLAY[: len(fact_pairs["paraphrases"]) // 3])
full = {}
for name, pairs in {
    "narrow": fact_pairs["paraphrases"],
    "with replay": fact_pairs["paraphrases"] + replay_pairs,
}.items():
    torch.manual_seed(settings.seed)
    seconds = train(model, pairs, epochs=FULL_EPOCHS, lr=FULL_LR)
    full[name] = {"accuracy": price_accuracy(ask_prices(catalogue), catalogue), "seconds": seconds}
    side[f"full FT, {name}"] = probe_accuracy()
    restore_weights(model)  # back to the base weights for the next run
    print(
        f"full fine-tune, {name:11s}: prices {full[name]['accuracy']:4.0%} right, {len(pairs)} rows x "
        f"{FULL_EPOCHS} epochs, {seconds:.0f} s"
    )

print(f"\n{'model':26s} general probe ({len(probe)} questions)")
for name, acc in side.items():
    print(f"{name:26s} {acc:6.0%}")
peak_rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB
print(f"peak memory of this notebook: {peak_rss_gb:.2f} GB")
worst = min((acc, name) for name, acc in side.items() if name != "base")
print(
    f"largest drop on the probe: {100 * (side['base'] - worst[0]):.0f} points ({worst[1]}), "
    f"i.e. {round((side['base'] - worst[0]) * len(probe))} of {len(probe)} questions"
)

# %%
bars = {
    "closed book": closed_acc,
    **{f"prompt: {h}": v for h, v in in_prompt.items()},
    **{f"LoRA: {n}": v["accuracy"] for n, v in lora.items()},
}
show_figure(lab_figures.facts_and_side_effects(bars, side, N_PRODUCTS), "facts-and-side-effects")

metrics = {
    "params_m": n_params / 1e6,
    "products": N_PRODUCTS,
    "closed/accuracy": closed_acc,
    "closed/wrong_value_share": closed_wrong,
    "closed/admits_unknown": admits,
    "prompt/one_line": in_prompt["one line"],
    "prompt/whole_catalogue": in_prompt["whole catalogue"],
    "prompt/bm25_top3": in_prompt["BM25 top-3"],
    "lora/one_phrasing": lora["one phrasing"]["accuracy"],
    "lora/paraphrases": lora["paraphrases"]["accuracy"],
    "lora/seconds": lora["paraphrases"]["seconds"],
    "lora/params_m": lora_params / 1e6,
    "update/lora_new": after_update["LoRA (weights)"][0],
    "update/lora_old": after_update["LoRA (weights)"][1],
    "update/retrieval_new": after_update["BM25 top-3 (prompt)"][0],
    "full/narrow_prices": full["narrow"]["accuracy"],
    "full/replay_prices": full["with replay"]["accuracy"],
    "full/seconds": full["narrow"]["seconds"],
    **{f"probe/{name}": acc for name, acc in side.items()},
    "probe/questions": len(probe),
    "peak_rss_gb": peak_rss_gb,
}
record_metrics(metrics)
show_expected("real_model", metrics)

# %% [markdown]
# **Expected result, and what it means.** The base model answers all the probe questions (they
# were chosen that way). After the fine-tunes, look at the size of the drop, not only its sign.
# In our runs every fine-tune cost general answers: the LoRA adapter (at the high learning rate
# it needed to learn the prices in a few epochs) lost the most, often answering general
# questions in the shop's format; the short full fine-tunes lost less, and learned few prices.
# Each drop varies strongly from seed to seed, and replay did not reliably help at this tiny
# dose. Side effects can arrive before the benefit does, and pretraining on trillions of tokens
# does not protect a small model from a narrow fine-tune. Biderman et al. (2024) found on 7B
# models that LoRA learned less than full fine-tuning and forgot less; here the LoRA run pushed
# harder, and forgot more: measure instead of assuming. Luo et al. (2023) saw forgetting in
# continual instruction tuning grow with model size from 1B to 7B parameters. The tiny models
# of [Lab 01](01_forgetting.ipynb) forgot everything because they had learned *only* two narrow
# tasks. Your probe shows what this model does at this scale, not that a bigger run is safe.
#
# ## Honest limits
#
# - One small model, one synthetic catalogue of a dozen facts and a probe of a few dozen
#   questions: enough to see the effects, far too little to estimate their size for your case.
# - Starting the answer ("The X costs") makes every approach state a value; it measures what the
#   model believes, not how it would phrase it unprompted (section 2 shows that too).
# - The full fine-tunes freeze the embeddings and run only a few steps; a longer run at a higher
#   learning rate moves the weights further, and that is where forgetting shows (exercise-sized
#   experiments here cost minutes each, so we leave it to you).
# - Gekhman et al. (2024) found that fine-tuning a model on facts it did not know makes it
#   hallucinate more on other questions; a probe of known general facts would not catch that
#   kind of side effect.
#
# ## Exercises
#
# ### Exercise 1 — fluent and wrong
#
# From the `closed` answers (the started closed-book answers, one per product in `PRODUCTS`),
# collect the prices the model made up: store in `made_up_prices` a dict that maps each product
# whose answer states a number, and not the product's price, to the **first** number stated
# (an `int`). Do the made-up prices look random, or do some numbers come back?

# %% tags=["exercise"]
made_up_prices = None  # your code here: {"Kelmox kettle": 249, ...}

# %% tags=["solution"]
made_up_prices = {p: numbers(a)[0] for p, a in zip(PRODUCTS, closed) if numbers(a) and catalogue[p] not in numbers(a)}
print(f"{len(made_up_prices)} of {len(PRODUCTS)} answers state a made-up price: {made_up_prices}")


# %% tags=["check"]
def _stated(text: str) -> list[int]:
    """The whole numbers a text states, in order ("1,250" is 1250)."""
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


def _as_ints(answer: dict) -> dict:
    return {p: None if v is None else int(str(v).replace(",", "")) for p, v in answer.items()}


_made_up = {p: s[0] for p, a in zip(PRODUCTS, closed) if (s := _stated(a)) and catalogue[p] not in s}
check_answer(
    "exercise 1",
    made_up_prices,
    lambda a: _as_ints(a) == _made_up,
    "for each product and its answer in `closed`, read the numbers in the answer; keep the product "
    "if there are some and its price (catalogue[p]) is not among them, with the first number.",
)

# %% [markdown]
# ### Exercise 2 — how many retrieved lines?
#
# Section 3 used the three best BM25 lines. Rerun the retrieval experiment with **one** line
# (`k=1`) and with **all** lines (`k=N_PRODUCTS`), using `contexts_for(catalogue, "BM25", k=...)`
# and `ask_prices`. Store in `right_by_k` a dict that maps each `k` (1 and `N_PRODUCTS`) to the
# **set** of products whose price the answer states. Which products does the longer context lose?

# %% tags=["exercise"]
right_by_k = None  # your code here: {1: {...}, N_PRODUCTS: {...}}

# %% tags=["solution"]
right_by_k = {}
for k in (1, N_PRODUCTS):
    answers = ask_prices(catalogue, contexts_for(catalogue, "BM25", k=k))
    right_by_k[k] = {p for p, a in zip(PRODUCTS, answers) if catalogue[p] in numbers(a)}
print(f"BM25 top-1: {len(right_by_k[1])} right; all {N_PRODUCTS} lines, best first: {len(right_by_k[N_PRODUCTS])}")
print("lost with all lines:", sorted(right_by_k[1] - right_by_k[N_PRODUCTS]))

# %% tags=["check"]
# Every line in the order BM25 ranks them for the question; the k best are the prompt's context.
_ranked = {p: bm25_top(TEST_PHRASING.format(p=p), lines_of(catalogue), N_PRODUCTS) for p in PRODUCTS}
_right = {}
for _k in (1, N_PRODUCTS):
    _answers = ask_prices(catalogue, {p: "\n".join(_ranked[p][:_k]) for p in PRODUCTS})
    _right[_k] = {p for p, a in zip(PRODUCTS, _answers) if catalogue[p] in _stated(a)}
check_answer(
    "exercise 2",
    right_by_k,
    lambda a: {k: set(v) for k, v in a.items()} == _right,
    "for k in (1, N_PRODUCTS): ask_prices(catalogue, contexts_for(catalogue, 'BM25', k=k)), and keep "
    "the products whose answer states catalogue[p]; one set per k, in a dict keyed by k.",
)

# %% [markdown]
# ### Exercise 3 — stale weights, fresh prompt
#
# The LoRA model learned the old prices. What happens if you give it the **updated** catalogue
# line in the prompt? Reattach the paraphrase adapter (`get_peft_model(model, LORA)` then
# `set_peft_model_state_dict(..., lora_state)`), ask about the changed products with
# `ask_prices(new_prices, contexts_for(updated, "one line"))`, and store in `prices_stated` a
# dict that maps each changed product to the first number its answer states (`None` if none).
# Compare them with `new_prices` and `old_prices`: does the prompt override the weights?

# %% tags=["exercise"]
prices_stated = None  # your code here

# %% tags=["solution"]
stale = get_peft_model(model, LORA)
set_peft_model_state_dict(stale, lora_state)
answers = ask_prices(new_prices, contexts_for(updated, "one line"))
prices_stated = {p: (numbers(a) or [None])[0] for p, a in zip(new_prices, answers)}
for p, stated in prices_stated.items():
    print(f"{p}: states {stated}; new price {new_prices[p]}, old price {old_prices[p]}")

# %% tags=["check"]
# The trained adapter must be attached: LoRA's B matrices start at zero, so an adapter attached
# without its trained weights would answer like the base model.
_trained = any(bool(w.abs().sum() > 0) for n, w in model.named_parameters() if "lora_B" in n)
_answers = ask_prices(new_prices, contexts_for(updated, "one line"))
_first = {p: (_stated(x) or [None])[0] for p, x in zip(new_prices, _answers)}
check_answer(
    "exercise 3",
    prices_stated,
    lambda a: _trained and _as_ints(a) == _first,
    "reattach the adapter first (stale = get_peft_model(model, LORA); set_peft_model_state_dict(stale, "
    "lora_state)), then ask about new_prices with the updated one-line contexts.",
)

# %% [markdown]
# Whatever your numbers, notice what they mean in production: a model fine-tuned on facts and
# *also* given retrieved context has two sources that can disagree, and you cannot tell from
# the answer which one won.
#
# ## Check yourself
#
# <details><summary>Closed book, the model stated a price for nearly every product. Why is that worse than "I don't know"?</summary>
#
# A wrong value stated fluently looks exactly like a right one: a user cannot tell them apart.
# An assistant that says it does not know can be routed to a fallback; one that guesses cannot.
# Instruction-tuned models are trained to answer, not to know the limits of their knowledge.
# </details>
#
# <details><summary>One relevant line worked, the whole catalogue did not. What does that tell you about building a retrieval system for a small model?</summary>
#
# Precision matters: a small model reads a few relevant lines well and a long list badly, so
# retrieve few, good lines rather than everything that might be relevant. Measure accuracy as a
# function of how many lines you retrieve (exercise 2) before you pick *k*.
# </details>
#
# <details><summary>Why train on several phrasings of the same fact?</summary>
#
# A model trained on one question form learns to complete *that* question; a new phrasing is a
# different input. Varied phrasings make the fact retrievable from many questions, which is what
# users will ask.
# </details>
#
# <details><summary>Your fine-tune showed no forgetting on the probe. Is it safe to ship?</summary>
#
# Not on that evidence alone: the probe covers a few dozen questions, the fine-tune was small,
# and forgetting grows with longer training and higher learning rates. Other side effects, such
# as more confident hallucination (Gekhman et al., 2024), do not show on a probe of known facts.
# Keep the probe, make it bigger and closer to what your users ask, and run it on every fine-tune.
# </details>
#
# ## Further reading
#
# - Allal et al. (2025), *SmolLM2: When Smol Goes Big — Data-Centric Training of a Small
#   Language Model*, arXiv 2502.02737: the model used here and how it was trained.
# - Hu et al. (2022), *LoRA: Low-Rank Adaptation of Large Language Models*, ICLR.
# - Ovadia et al. (2024), *Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs*,
#   EMNLP: retrieval beat unsupervised fine-tuning for new knowledge; paraphrases helped fine-tuning.
# - Allen-Zhu & Li (2024), *Physics of Language Models: Part 3.1, Knowledge Storage and
#   Extraction*, ICML: facts seen in varied forms can be extracted by new questions.
# - Biderman et al. (2024), *LoRA Learns Less and Forgets Less*, TMLR.
# - Luo et al. (2023), *An Empirical Study of Catastrophic Forgetting in Large Language Models
#   During Continual Fine-tuning*, arXiv 2308.08747.
# - Gekhman et al. (2024), *Does Fine-Tuning LLMs on New Knowledge Encourage Hallucinations?*, EMNLP.
# - Liu et al. (2024), *Lost in the Middle: How Language Models Use Long Contexts*, TACL.
# - Robertson & Zaragoza (2009), *The Probabilistic Relevance Framework: BM25 and Beyond*,
#   Foundations and Trends in Information Retrieval.
