"""Writers: ``Analysis`` -> ``Report``. The offline writer needs no model and no network."""

from tweetbrief.writers.base import WRITERS, Writer, get_writer, register_writer
from tweetbrief.writers.report import Report

from tweetbrief.writers import offline as _offline  # noqa: F401,E402  (registers "offline")

__all__ = ["Writer", "WRITERS", "get_writer", "register_writer", "Report"]
from tweetbrief.writers import llm as _llm  # noqa: F401,E402  (registers "openai", "llamacpp")
