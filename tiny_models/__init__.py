"""tiny_models: the machinery behind the labs of *Fine-tune or Not?*.

Read it like a table of contents:

- ``tasks/``          deterministic task data (train and held-out templates)
- ``tokenizer.py``    a word-level tokenizer trained here
- ``models.py``       named sizes of a GPT-2-style model
- ``batching.py``     (prompt, reply) pairs to tensors
- ``training.py``     the training loop
- ``evaluation.py``   accuracy by greedy generation, perplexity
- ``retrieval.py``    BM25, a term-based retriever (lab 04)
- ``checkpoints.py``  shipped checkpoints: save, verify, load
- ``weights/``        the shipped checkpoints and their sha256 manifest
- ``recipes/``        how each shipped checkpoint is built
- ``labkit.py``       what a lab notebook needs: settings, recorded metrics, figures, checks
"""

from .checkpoints import CheckpointError, load_checkpoint
from .determinism import seed_everything
from .evaluation import accuracy, generate_replies, perplexity, task_accuracy
from .models import SIZES, build_model, count_parameters
from .training import train

__all__ = [
    "CheckpointError",
    "SIZES",
    "accuracy",
    "build_model",
    "count_parameters",
    "generate_replies",
    "load_checkpoint",
    "perplexity",
    "seed_everything",
    "task_accuracy",
    "train",
]
