"""Placeholder: offline writer being written."""
