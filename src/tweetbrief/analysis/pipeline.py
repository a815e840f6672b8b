"""Placeholder until the analysis pipeline lands (being written now)."""

from __future__ import annotations


def analyse(tweets, topic, period, previous=None):  # pragma: no cover - replaced
    raise NotImplementedError("analysis pipeline not written yet")
