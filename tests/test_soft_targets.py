"""tiny_models.soft_targets: the teacher's log-probabilities, computed once over a pool, equal a
fresh teacher pass on any training batch drawn from it (rows in any order, trimmed padding), and
a student that already matches the teacher has zero KL to them."""

import torch
import torch.nn.functional as F

from tiny_models import build_model, train
from tiny_models.batching import IGNORE, encode_examples
from tiny_models.soft_targets import TeacherTargets
from tiny_models.tasks import support_desk
from tiny_models.tokenizer import train_tokenizer


def fresh(teacher, batch, temperature):
    with torch.no_grad():
        logits = teacher(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    reply = batch["labels"][:, 1:] != IGNORE
    return F.log_softmax(logits[:, :-1][reply] / temperature, dim=-1)


def test_stored_targets_equal_a_fresh_teacher_pass_on_a_batch():
    tokenizer = train_tokenizer(support_desk.vocabulary_corpus())
    pool = support_desk.make_mixture({"recommendation": 20, "feedback": 20}, seed=3)
    teacher = build_model("tiny", tokenizer, seed=0)
    train(teacher, tokenizer, pool, steps=20, batch_size=8, lr=3e-3, seed=0, progress=False)
    targets = TeacherTargets(teacher, tokenizer, pool, batch_size=16)  # several chunks
    assert len(targets) == len({(ex.query, ex.response) for ex in pool})

    data = encode_examples(tokenizer, pool)
    rows = torch.tensor([7, 0, 33, 7, 12])  # out of order, one row twice, as train() draws them
    width = int(data["attention_mask"][rows].sum(dim=1).max())
    batch = {key: value[rows, :width] for key, value in data.items()}
    for temperature in (1.0, 2.0, 4.0):
        looked_up = targets(batch, temperature)
        assert looked_up.shape == fresh(teacher, batch, temperature).shape
        assert torch.allclose(looked_up, fresh(teacher, batch, temperature), atol=1e-5)
        # a higher temperature flattens the distribution: the top word's probability falls
    top = [targets.all_positions(t).exp().max(dim=-1).values.mean() for t in (1.0, 2.0, 4.0)]
    assert top[0] > top[1] > top[2]

    # the teacher itself, as the student, is at zero KL divergence from its own targets
    student_log_p = fresh(teacher, batch, 2.0)
    kl = F.kl_div(student_log_p, targets(batch, 2.0), log_target=True, reduction="batchmean")
    assert abs(float(kl)) < 1e-5
