"""A word-level tokenizer trained here, with the `tokenizers` library, from task corpora.

Our tasks use a closed vocabulary of a few hundred words, so one token per word keeps
sequences short (fast on a CPU) and makes every token readable in a lab. The tokenizer is
wrapped as a transformers ``PreTrainedTokenizerFast`` so that it saves into a checkpoint
folder and loads back with ``AutoTokenizer.from_pretrained(path)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

PAD, UNK, BOS, EOS, SEP = "[PAD]", "[UNK]", "[BOS]", "[EOS]", "[SEP]"
SPECIAL_TOKENS = [PAD, UNK, BOS, EOS, SEP]


def train_tokenizer(corpus: Iterable[str]) -> PreTrainedTokenizerFast:
    """Learn a word-level vocabulary from ``corpus`` (every word seen becomes a token).

    Words are split on white space; punctuation is written as separate words by the task
    generators, so none is lost. Each encoded text starts with [BOS] automatically.
    """
    core = Tokenizer(models.WordLevel(unk_token=UNK))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordLevelTrainer(special_tokens=SPECIAL_TOKENS, min_frequency=1)
    # Sorting the corpus makes the word ids independent of the order lines came in.
    core.train_from_iterator(sorted(set(corpus)), trainer=trainer)
    bos_id = core.token_to_id(BOS)
    core.post_processor = processors.TemplateProcessing(single=f"{BOS} $A", special_tokens=[(BOS, bos_id)])
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        unk_token=UNK,
        pad_token=PAD,
        bos_token=BOS,
        eos_token=EOS,
        sep_token=SEP,
        model_max_length=128,
    )
