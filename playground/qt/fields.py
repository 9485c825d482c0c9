"""Human names, units and tooltips for every hyperparameter, in the user's language.

The core's `help` strings are terse and English-only (they serve the CLI); these say what a setting does and
what raising it costs, for someone who has never trained a model. Kept in one table so the form, the error
messages and the translation file agree.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Fields", text)


def field_texts() -> dict[str, tuple[str, str, str]]:
    """name -> (label, suffix, tooltip). Called again on language change."""
    return {
        # model
        "block_size": (_t("Context length"), _t(" tokens"), _t(
            "How many tokens the model can look back on when predicting the next one. Longer context lets it "
            "follow longer patterns, but attention cost grows with the square of this number and memory grows "
            "with it too.")),
        "n_layer": (_t("Layers"), "", _t(
            "How many Transformer blocks are stacked. More layers can learn more complex patterns; each one "
            "adds parameters and makes every step slower.")),
        "n_head": (_t("Attention heads"), "", _t(
            "Attention is split into this many heads that look at the context independently. Must divide the "
            "embedding size. Changing it barely changes the parameter count.")),
        "n_embd": (_t("Embedding size"), "", _t(
            "The width of the vector that represents each token. Wider models learn more, but parameters and "
            "compute grow with the square of this number.")),
        "dropout": (_t("Dropout"), "", _t(
            "Fraction of activations randomly zeroed while training, to fight overfitting on small corpora. "
            "0 trains fastest; 0.1–0.2 helps when validation loss rises while training loss keeps falling.")),
        "bias": (_t("Bias terms"), "", _t(
            "Add bias vectors to the linear and normalisation layers, as GPT-2 does. Slightly more "
            "parameters; usually makes little difference.")),
        # training
        "batch_size": (_t("Batch size"), _t(" sequences"), _t(
            "How many text windows are processed together in one step. Larger batches give smoother, more "
            "reliable updates but each step takes longer and needs more memory.")),
        "max_iters": (_t("Training steps"), _t(" steps"), _t(
            "How many optimizer steps to train for. More steps keep improving the model until it stops "
            "learning or starts to overfit; time grows in proportion.")),
        "learning_rate": (_t("Learning rate"), "", _t(
            "How big each update step is. Too low learns slowly; too high makes the loss jump around or "
            "become NaN. Small models tolerate about 1e-3.")),
        "min_lr": (_t("Final learning rate"), "", _t(
            "The learning rate the cosine schedule decays to at the end. Usually a tenth of the learning "
            "rate.")),
        "lr_schedule": (_t("Schedule"), "", _t(
            "How the learning rate changes over time: 'cosine' warms up then slowly decays (usually best), "
            "'constant' warms up then stays flat.")),
        "warmup_iters": (_t("Warmup"), _t(" steps"), _t(
            "Steps during which the learning rate climbs from zero, which keeps the first updates from "
            "wrecking the freshly initialised model.")),
        "lr_decay_iters": (_t("Decay length"), _t(" steps"), _t(
            "Steps over which the learning rate decays to its final value. 0 means the whole run.")),
        "weight_decay": (_t("Weight decay"), "", _t(
            "Pulls weights gently towards zero (AdamW), a mild guard against overfitting. Applied to weight "
            "matrices only.")),
        "beta1": (_t("Adam β1"), "", _t(
            "Momentum of the optimizer: how much of the previous update direction is kept. 0.9 is standard.")),
        "beta2": (_t("Adam β2"), "", _t(
            "How slowly the optimizer's estimate of gradient size changes. 0.99 suits small models, 0.999 "
            "large ones.")),
        "grad_clip": (_t("Gradient clipping"), "", _t(
            "Caps the size of each update to avoid sudden jumps that can ruin training. 0 turns it off.")),
        "grad_accum": (_t("Gradient accumulation"), _t(" micro-batches"), _t(
            "Adds up the gradients of several batches before one update: a larger effective batch without "
            "more memory, at the cost of proportionally slower steps.")),
        "eval_interval": (_t("Evaluate every"), _t(" steps"), _t(
            "How often to measure the training and validation loss, save the run and show a sample. "
            "Frequent evaluation gives more points and samples but takes time away from training.")),
        "eval_iters": (_t("Evaluation batches"), "", _t(
            "Batches averaged for each loss measurement. More gives a steadier estimate but each evaluation "
            "takes longer.")),
        "sample_tokens": (_t("Sample length"), _t(" tokens"), _t(
            "Length of the text generated at each evaluation so you can watch the model learn. 0 turns the "
            "samples off.")),
        "seed": (_t("Random seed"), "", _t(
            "The same seed gives the same run on a CPU, so results can be reproduced. Change it to see how "
            "much runs vary by chance.")),
        "device": (_t("Device"), "", _t(
            "Where to train: 'auto' picks a CUDA GPU, then Apple's GPU, then the CPU.")),
        "dtype": (_t("Precision"), "", _t(
            "Number format used for computing. bfloat16 is faster on recent GPUs and halves activation "
            "memory; on a CPU float32 is the safe choice. 'auto' decides for you.")),
        "compile": (_t("Compile the model"), "", _t(
            "Use torch.compile: the first steps are much slower while the model is compiled, later steps "
            "can be faster. Worth it only for long runs.")),
        "threads": (_t("CPU threads"), "", _t(
            "How many CPU threads PyTorch may use. 0 lets PyTorch decide. Leaving one core free keeps the "
            "rest of the computer responsive.")),
        # data
        "tokenizer": (_t("Tokenizer"), "", _t(
            "How text is cut into tokens. 'Characters' gives one token per character: simple and exact, "
            "good for small corpora. 'BPE' learns frequent pieces of words: shorter sequences, larger "
            "vocabulary, better for large corpora.")),
        "bpe_vocab_size": (_t("BPE vocabulary"), _t(" tokens"), _t(
            "How many different tokens BPE learns. A larger vocabulary makes sequences shorter but the "
            "embedding and output layers bigger, and rare tokens are learned poorly.")),
        "val_fraction": (_t("Validation share"), "", _t(
            "The part of the corpus (taken from its end) never trained on and used to measure how well the "
            "model generalises.")),
        # sampling
        "temperature": (_t("Temperature"), "", _t(
            "Randomness of the output. 0 always picks the most likely token (repetitive); 1 follows the "
            "model's own odds; higher is wilder.")),
        "top_k": (_t("Top-k"), "", _t(
            "Only the k most likely tokens can be picked. 0 allows all. Lower values are safer but duller.")),
        "top_p": (_t("Top-p"), "", _t(
            "Only the most likely tokens whose probabilities add up to p can be picked (nucleus sampling). "
            "1 allows all.")),
        "max_new_tokens": (_t("Max new tokens"), "", _t(
            "Stop after this many tokens (or earlier at the end of a document).")),
        "num_samples": (_t("Samples"), "", _t("How many independent texts to generate from the same prompt.")),
    }


def choice_texts() -> dict[str, str]:
    return {
        "cosine": _t("cosine"), "constant": _t("constant"),
        "auto": _t("auto"), "cpu": _t("CPU"), "cuda": _t("CUDA GPU"), "mps": _t("Apple GPU (MPS)"),
        "float32": _t("float32"), "bfloat16": _t("bfloat16"), "float16": _t("float16"),
        "char": _t("Characters"), "bpe": _t("BPE (byte pairs)"),
    }
