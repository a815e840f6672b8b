"""Publish: put a rendered report where a static site generator will pick it up."""

from tweetbrief.publish.jekyll import Published, publish_jekyll

__all__ = ["publish_jekyll", "Published"]
