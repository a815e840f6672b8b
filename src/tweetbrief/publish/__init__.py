"""Publish: put a rendered report where a static site generator will pick it up."""

from tweetbrief.publish.jekyll import Published, PublishOptions, publish_jekyll, stage_post

__all__ = ["publish_jekyll", "stage_post", "Published", "PublishOptions"]
