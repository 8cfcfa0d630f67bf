"""``python -m tui`` does what the ``newsmark`` command does."""

from .cli import main

main(prog_name="newsmark")
