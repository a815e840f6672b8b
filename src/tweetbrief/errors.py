"""Typed errors. The CLI turns every ``TweetbriefError`` into one line and exit code 2.

    TweetbriefError
     ├── InputError        bad file / unknown format / wrong headers (names file, line, fix)
     ├── ConfigError       bad tweetbrief.toml, unknown topic or writer
     ├── RenderError       no CJK font, template problems
     └── WriterError       LLM writer: bad key (401), unknown model (404), unreachable endpoint, missing extra
"""


class TweetbriefError(Exception):
    """Base class: a problem the user can fix; ``str(err)`` is a one-line message."""

    exit_code = 2


class InputError(TweetbriefError):
    pass


class ConfigError(TweetbriefError):
    pass


class RenderError(TweetbriefError):
    pass


class WriterError(TweetbriefError):
    pass


__all__ = ["TweetbriefError", "InputError", "ConfigError", "RenderError", "WriterError"]
