"""Training the statistical model in a process of its own, at low priority, never beside the webhooks.

Training takes ~30 s of both cores on this kind of machine. Done in a thread of a web worker it took
the CPU (and, through the GIL, the thread) from the requests of a ringing hotline; done on the request
path it held a hang-up for as long. So a process that needs a model it cannot load starts

    python -m classification.training --cache DIR [--no-vectors] FILE...

niced, and keeps classifying with the rules (and the previous model, if any) until it ends. The child
holds a lock file while it trains, so the web workers and the rq worker starting at once train once:
the others wait for the lock, find the model on disk and exit.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional, Sequence

from classification.model import StoryModel, embeddings, model_for, stored_model_path

log = logging.getLogger(__name__)

NICENESS = 10
ROOT = Path(__file__).resolve().parents[1]


class TrainingFailed(RuntimeError):
    """The training process did not leave a model behind (its own log says why)."""


def train_apart(paths: Sequence[Path], cache_dir: Path, use_vectors: bool = True,
                timeout: float = 1800) -> Optional[StoryModel]:
    """The model for these files, trained in a niced child process unless it is on disk already."""
    if not paths:
        return None
    cmd = [sys.executable, "-m", "classification.training", "--cache", str(cache_dir),
           *([] if use_vectors else ["--no-vectors"]), *map(str, paths)]
    try:
        done = subprocess.run(cmd, cwd=str(ROOT), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TrainingFailed(f"training the classification model took over {timeout:.0f} s; killed")
    if done.returncode != 0:
        raise TrainingFailed(f"training the classification model failed (exit {done.returncode})")
    model = model_for(paths, cache_dir, use_vectors, train=False)   # never trains here, whatever happened
    if model is None:
        raise TrainingFailed(f"the training process left no model in {cache_dir}")
    return model


def _train(paths: list[Path], cache_dir: Path, use_vectors: bool) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "classification-model.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # another process trains the same model: wait, then load it
        vectors = embeddings() if use_vectors else None
        if stored_model_path(paths, cache_dir, vectors).exists():
            return
        model_for(paths, cache_dir, use_vectors)


def main(argv: Optional[Sequence[str]] = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m classification.training", description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, required=True, help="where the trained model is kept")
    ap.add_argument("--no-vectors", action="store_true", help="without word vectors")
    ap.add_argument("files", type=Path, nargs="+", help="labelled stories (JSON Lines)")
    args = ap.parse_args(argv)
    os.nice(NICENESS)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [classification-training] %(message)s")
    _train(args.files, args.cache, not args.no_vectors)


if __name__ == "__main__":
    main()
