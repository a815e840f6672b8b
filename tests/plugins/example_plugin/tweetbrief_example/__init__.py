"""Example tweetbrief plugin: the ``example`` writer and the ``example-feed:PATH`` source."""
