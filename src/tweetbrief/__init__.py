"""tweetbrief: turn what a community says on Twitter/X into a cited, publishable report.

Data flows one way: ``sources -> store -> analysis -> writers -> render -> publish``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
