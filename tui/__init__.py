"""newsmark: a keyboard-first terminal app that turns reading news into NER training data."""

__version__ = "0.1.0"
