"""Placeholder until publishing lands."""


def publish_jekyll(report, analysis, site, font=None):  # pragma: no cover - replaced
    raise NotImplementedError
