"""tiny_models: the machinery behind the labs of *Fine-tune or Not?*.

Read it like a table of contents:

- ``tasks/``          deterministic task data (train and held-out templates)
- ``tokenizer.py``    a word-level tokenizer trained here
- ``models.py``       named sizes of a GPT-2-style model
- ``batching.py``     (prompt, reply) pairs to tensors
- ``training.py``     the training loop (``training_step`` is its core)
- ``finetuning.py``   one fine-tune helper: a fresh copy of a model, trained and timed
- ``latency.py``      latency (median, taking turns) and throughput, one method for all labs
- ``evaluation.py``   accuracy by greedy generation, perplexity
- ``side_by_side.py`` a lab's independent fine-tunes two at a time, one core each, same results
- ``merging.py``      weight interpolation and task vectors (lab 01)
- ``routing.py``      ambiguous queries and a learned router (lab 01)
- ``soft_targets.py`` the teacher's probabilities, computed once, for soft-target distillation (lab 03)
- ``retrieval.py``    BM25, a term-based retriever (lab 04)
- ``retrieval_faults.py``  what goes wrong when retrieval misses (lab 04)
- ``real_model.py``   the real chat model: convert its GGUF to a from_pretrained folder (lab 05)
- ``chat_generation.py``, ``chat_training.py``  chat templates, generation and LoRA on it (lab 05)
- ``checks/``        the exercise checks' own computations, one module per lab
- ``lab_figures.py``  figures shared by labs
- ``determinism.py``  one seed for Python, NumPy and PyTorch
- ``checkpoints.py``  shipped checkpoints: save, verify, load
- ``weights/``        the shipped checkpoints and their sha256 manifest
- ``recipes/``        how each shipped checkpoint is built
- ``labkit.py``       what a lab notebook needs: settings, recorded metrics, figures, checks
- ``seed_runs.py``    a lab's recorded runs on other seeds and the fingerprint of the code they ran
"""

from .checkpoints import CheckpointError, load_checkpoint
from .determinism import seed_everything
from .evaluation import accuracy, generate_replies, perplexity, task_accuracy
from .finetuning import FineTune, fine_tune
from .models import SIZES, build_model, count_parameters
from .training import train

__all__ = [
    "CheckpointError",
    "FineTune",
    "SIZES",
    "accuracy",
    "build_model",
    "count_parameters",
    "fine_tune",
    "generate_replies",
    "load_checkpoint",
    "perplexity",
    "seed_everything",
    "task_accuracy",
    "train",
]
