"""Built-in file importers. Importing this package registers them (order = sniff order, most
specific first; ``csv`` last since it also accepts any ``.csv`` file)."""

from tweetbrief.sources.formats import x_archive  # noqa: F401  window.YTD... = [...]
from tweetbrief.sources.formats import xkit  # noqa: F401  {"handle", "tweets": [...]}
from tweetbrief.sources.formats import x_graphql  # noqa: F401  raw web GraphQL: tweet_results, __typename
from tweetbrief.sources.formats import x_v2  # noqa: F401  {"data": ..., "includes": ...}
from tweetbrief.sources.formats import twscrape  # noqa: F401  rawContent
from tweetbrief.sources.formats import snscrape  # noqa: F401  content / renderedContent
from tweetbrief.sources.formats import x_v1  # noqa: F401  statuses / id_str + screen_name
from tweetbrief.sources.formats import csvfile  # noqa: F401  header row with a text column
from tweetbrief.sources.formats.twscrape import tweet_from_twscrape
from tweetbrief.sources.formats.x_v2 import tweets_from_v2_page

__all__ = ["tweets_from_v2_page", "tweet_from_twscrape"]
