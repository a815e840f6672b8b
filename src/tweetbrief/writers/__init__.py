"""Writers: ``Analysis`` -> ``Report``. The offline writer needs no model and no network.

``WRITERS`` fills from the ``tweetbrief.writers`` entry points on first lookup (built-ins:
``offline``, ``openai``, ``llamacpp``; see docs/plugins.md).
"""

from tweetbrief.writers.base import WRITERS, Writer, get_writer, register_writer
from tweetbrief.writers.report import Report

__all__ = ["Writer", "WRITERS", "get_writer", "register_writer", "Report"]
