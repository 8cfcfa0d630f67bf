"""Screens of the newsmark app."""
