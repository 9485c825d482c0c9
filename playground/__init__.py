"""Transformer Playground: train a small GPT on your own text and watch it learn."""

__version__ = "0.1.0"
