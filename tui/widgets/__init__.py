"""Widgets of the newsmark app."""
