"""Human names, units and tooltips for every hyperparameter, in the user's language.

The core's `help` strings are terse and English-only (they serve the CLI); these say what a setting does and
what raising it costs, for someone who has never trained a model. Kept in one table so the form, the error
messages and the translation file agree.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


# lupdate finds `translate("Fields", "...")` calls with literal strings, so every text is spelled out so
translate = QCoreApplication.translate


def field_texts() -> dict[str, tuple[str, str, str]]:
    """name -> (label, suffix, tooltip). Called again on language change."""
    return {
        # model
        "block_size": (translate("Fields", "Context length"), translate("Fields", " tokens"), translate("Fields", 
            "How many tokens the model can look back on when predicting the next one. Longer context lets it "
            "follow longer patterns, but attention cost grows with the square of this number and memory grows "
            "with it too.")),
        "n_layer": (translate("Fields", "Layers"), "", translate("Fields", 
            "How many Transformer blocks are stacked. More layers can learn more complex patterns; each one "
            "adds parameters and makes every step slower.")),
        "n_head": (translate("Fields", "Attention heads"), "", translate("Fields", 
            "Attention is split into this many heads that look at the context independently. Must divide the "
            "embedding size. Changing it barely changes the parameter count.")),
        "n_embd": (translate("Fields", "Embedding size"), "", translate("Fields", 
            "The width of the vector that represents each token. Wider models learn more, but parameters and "
            "compute grow with the square of this number.")),
        "dropout": (translate("Fields", "Dropout"), "", translate("Fields", 
            "Fraction of activations randomly zeroed while training, to fight overfitting on small corpora. "
            "0 trains fastest; 0.1–0.2 helps when validation loss rises while training loss keeps falling.")),
        "bias": (translate("Fields", "Bias terms"), "", translate("Fields", 
            "Add bias vectors to the linear and normalisation layers, as GPT-2 does. Slightly more "
            "parameters; usually makes little difference.")),
        # training
        "batch_size": (translate("Fields", "Batch size"), translate("Fields", " sequences"), translate("Fields", 
            "How many text windows are processed together in one step. Larger batches give smoother, more "
            "reliable updates but each step takes longer and needs more memory.")),
        "max_iters": (translate("Fields", "Training steps"), translate("Fields", " steps"), translate("Fields", 
            "How many optimizer steps to train for. More steps keep improving the model until it stops "
            "learning or starts to overfit; time grows in proportion.")),
        "learning_rate": (translate("Fields", "Learning rate"), "", translate("Fields", 
            "How big each update step is. Too low learns slowly; too high makes the loss jump around or "
            "become NaN. Small models tolerate about 1e-3.")),
        "min_lr": (translate("Fields", "Final learning rate"), "", translate("Fields", 
            "The learning rate the cosine schedule decays to at the end. Usually a tenth of the learning "
            "rate.")),
        "lr_schedule": (translate("Fields", "Schedule"), "", translate("Fields", 
            "How the learning rate changes over time: 'cosine' warms up then slowly decays (usually best), "
            "'constant' warms up then stays flat.")),
        "warmup_iters": (translate("Fields", "Warmup"), translate("Fields", " steps"), translate("Fields", 
            "Steps during which the learning rate climbs from zero, which keeps the first updates from "
            "wrecking the freshly initialised model.")),
        "lr_decay_iters": (translate("Fields", "Decay length"), translate("Fields", " steps"), translate("Fields", 
            "Steps over which the learning rate decays to its final value. 0 means the whole run.")),
        "weight_decay": (translate("Fields", "Weight decay"), "", translate("Fields", 
            "Pulls weights gently towards zero (AdamW), a mild guard against overfitting. Applied to weight "
            "matrices only.")),
        "beta1": (translate("Fields", "Adam β1"), "", translate("Fields", 
            "Momentum of the optimizer: how much of the previous update direction is kept. 0.9 is standard.")),
        "beta2": (translate("Fields", "Adam β2"), "", translate("Fields", 
            "How slowly the optimizer's estimate of gradient size changes. 0.99 suits small models, 0.999 "
            "large ones.")),
        "grad_clip": (translate("Fields", "Gradient clipping"), "", translate("Fields", 
            "Caps the size of each update to avoid sudden jumps that can ruin training. 0 turns it off.")),
        "grad_accum": (translate("Fields", "Gradient accumulation"), translate("Fields", " micro-batches"), translate("Fields", 
            "Adds up the gradients of several batches before one update: a larger effective batch without "
            "more memory, at the cost of proportionally slower steps.")),
        "eval_interval": (translate("Fields", "Evaluate every"), translate("Fields", " steps"), translate("Fields", 
            "How often to measure the training and validation loss, save the run and show a sample. "
            "Frequent evaluation gives more points and samples but takes time away from training.")),
        "eval_iters": (translate("Fields", "Evaluation batches"), "", translate("Fields", 
            "Batches averaged for each loss measurement. More gives a steadier estimate but each evaluation "
            "takes longer.")),
        "sample_tokens": (translate("Fields", "Sample length"), translate("Fields", " tokens"), translate("Fields", 
            "Length of the text generated at each evaluation so you can watch the model learn. 0 turns the "
            "samples off.")),
        "seed": (translate("Fields", "Random seed"), "", translate("Fields", 
            "The same seed gives the same run on a CPU, so results can be reproduced. Change it to see how "
            "much runs vary by chance.")),
        "device": (translate("Fields", "Device"), "", translate("Fields", 
            "Where to train: 'auto' picks a CUDA GPU, then Apple's GPU, then the CPU.")),
        "dtype": (translate("Fields", "Precision"), "", translate("Fields", 
            "Number format used for computing. bfloat16 is faster on recent GPUs and halves activation "
            "memory; on a CPU float32 is the safe choice. 'auto' decides for you.")),
        "compile": (translate("Fields", "Compile the model"), "", translate("Fields", 
            "Use torch.compile: the first steps are much slower while the model is compiled, later steps "
            "can be faster. Worth it only for long runs.")),
        "threads": (translate("Fields", "CPU threads"), "", translate("Fields", 
            "How many CPU threads PyTorch may use. 0 lets PyTorch decide. Leaving one core free keeps the "
            "rest of the computer responsive.")),
        # data
        "tokenizer": (translate("Fields", "Tokenizer"), "", translate("Fields", 
            "How text is cut into tokens. 'Characters' gives one token per character: simple and exact, "
            "good for small corpora. 'BPE' learns frequent pieces of words: shorter sequences, larger "
            "vocabulary, better for large corpora.")),
        "bpe_vocab_size": (translate("Fields", "BPE vocabulary"), translate("Fields", " tokens"), translate("Fields", 
            "How many different tokens BPE learns. A larger vocabulary makes sequences shorter but the "
            "embedding and output layers bigger, and rare tokens are learned poorly.")),
        "val_fraction": (translate("Fields", "Validation share"), "", translate("Fields", 
            "The part of the corpus (taken from its end) never trained on and used to measure how well the "
            "model generalises.")),
        # sampling
        "temperature": (translate("Fields", "Temperature"), "", translate("Fields", 
            "Randomness of the output. 0 always picks the most likely token (repetitive); 1 follows the "
            "model's own odds; higher is wilder.")),
        "top_k": (translate("Fields", "Top-k"), "", translate("Fields", 
            "Only the k most likely tokens can be picked. 0 allows all. Lower values are safer but duller.")),
        "top_p": (translate("Fields", "Top-p"), "", translate("Fields", 
            "Only the most likely tokens whose probabilities add up to p can be picked (nucleus sampling). "
            "1 allows all.")),
        "max_new_tokens": (translate("Fields", "Max new tokens"), "", translate("Fields", 
            "Stop after this many tokens (or earlier at the end of a document).")),
        "num_samples": (translate("Fields", "Samples"), "", translate("Fields", "How many independent texts to generate from the same prompt.")),
    }


def choice_texts() -> dict[str, str]:
    return {
        "cosine": translate("Fields", "cosine"), "constant": translate("Fields", "constant"),
        "auto": translate("Fields", "auto"), "cpu": translate("Fields", "CPU"), "cuda": translate("Fields", "CUDA GPU"), "mps": translate("Fields", "Apple GPU (MPS)"),
        "float32": translate("Fields", "float32"), "bfloat16": translate("Fields", "bfloat16"), "float16": translate("Fields", "float16"),
        "char": translate("Fields", "Characters"), "bpe": translate("Fields", "BPE (byte pairs)"),
    }


def with_colon(label: str) -> str:
    """A form label; Chinese uses a full-width colon."""
    return translate("Fields", "{0}:").format(label)
