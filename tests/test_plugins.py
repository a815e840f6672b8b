"""Plugins through entry points (issue 13): the example package under tests/plugins/example_plugin
adds a writer and a collector; ``tweetbrief plugins`` lists them with their origin, ``report
--writer`` and ``collect --source`` use them, a duplicate name and a plugin that raises on import
are each reported in one line while the built-ins still work.

The plugin is made discoverable as pip would: a ``.dist-info`` (METADATA + entry_points.txt, the
entry points read from the plugin's own pyproject.toml) in a folder on PYTHONPATH. Each CLI run is a
fresh process, so the registries load from that metadata exactly once, as in real use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tweetbrief.errors import ConfigError, PluginError
from tweetbrief.registry import Registry

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "plugins" / "example_plugin"
DAY = "2026-01-27"

POSTS = [  # an AI-topic day, so the report has relevant tweets
    ("1", "OpenAI released GPT-5 today; the benchmark numbers on coding are strong", "alice", 40),
    ("2", "Trying the new GPT-5 model from OpenAI: faster answers, better code review", "bob", 12),
    ("3", "Anthropic Claude and OpenAI GPT-5 compared on long context; Claude wins on recall", "carol", 30),
    ("4", "Nvidia earnings next week: AI chip demand still above supply, says the CEO", "dave", 25),
    ("5", "Open-source LLM Llama gets a new release; fine-tuning costs drop again", "erin", 8),
]


def _dist_info(site: Path, name: str, version: str, entry_points: dict[str, dict[str, str]]) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    lines = []
    for group, entries in entry_points.items():
        lines.append(f"[{group}]")
        lines += [f"{key} = {value}" for key, value in entries.items()]
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")


def _example_dist(site: Path) -> None:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    _dist_info(site, project["name"], project["version"], project["entry-points"])


def _bad_plugins(site: Path) -> None:
    """Two broken packages: one raises on import, one takes the built-in name ``offline``."""
    (site / "tb_broken.py").write_text('raise RuntimeError("example failure\\nsecond line")\n', encoding="utf-8")
    (site / "tb_dupe.py").write_text(
        "from tweetbrief.writers.offline import OfflineWriter\n\n"
        "class Dupe(OfflineWriter):\n    name = 'offline'\n    description = 'takes a built-in name'\n",
        encoding="utf-8")
    _dist_info(site, "tb-broken", "2.0", {"tweetbrief.writers": {"broken": "tb_broken:Writer"}})
    _dist_info(site, "tb-dupe", "1.5", {"tweetbrief.writers": {"offline": "tb_dupe:Dupe"}})


def _cli(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(EXAMPLE), str(REPO / "src")])}
    return subprocess.run([sys.executable, "-m", "tweetbrief", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=240)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins-site"
    folder.mkdir()
    _example_dist(folder)
    return folder


def _feed(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": text, "created_at": f"{DAY}T0{n}:30:00+00:00",
                                        "author": who, "likes": likes}) + "\n"
                            for n, (i, text, who, likes) in enumerate(POSTS, 1))
                    + json.dumps({"id": "old", "text": "outside the window", "created_at": "2025-06-01T00:00:00+00:00"})
                    + "\n", encoding="utf-8")
    return path


def test_plugins_lists_the_example_components_with_their_origin(site, tmp_path):
    result = _cli(site, "plugins", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    rows = {(r["kind"], r["name"]): r for r in out["components"]}
    assert out["errors"] == [] and "warning" not in result.stderr
    writer, feed = rows[("writer", "example")], rows[("collector", "example-feed")]
    assert writer["origin"] == feed["origin"] == "tweetbrief-example 0.1.0"
    assert writer["description"].startswith("Example plugin writer") and writer["options"] == ["language", "headline"]
    assert feed["options"] == ["lang"] and feed["description"].startswith("Example plugin source")
    assert rows[("writer", "offline")]["origin"] == "tweetbrief"
    assert rows[("writer", "openai")]["needs"] == ["env:OPENAI_API_KEY"]
    assert rows[("stage", "trends.stories")]["origin"] == "tweetbrief"
    assert {k for k, _ in rows} == {"importer", "collector", "stage", "writer"}

    text = _cli(site, "plugins", cwd=tmp_path).stdout
    line = next(x for x in text.splitlines() if x.strip().startswith("example-feed"))
    assert "tweetbrief-example 0.1.0" in line
    helptext = _cli(site, "collect", "--help", cwd=tmp_path).stdout
    assert "example-feed" in " ".join(helptext.split()) and "mastodon-tag" in helptext


def test_collect_and_report_use_the_plugin_source_and_writer(site, tmp_path):
    db, out = str(tmp_path / "t.sqlite"), tmp_path / "site"
    feed = _feed(tmp_path)
    collected = _cli(site, "collect", "--source", f"example-feed:{feed}", "--since", DAY, "--until", DAY,
                     "--db", db, "--json", cwd=tmp_path)
    assert collected.returncode == 0, collected.stderr
    summary = json.loads(collected.stdout)
    source = summary["sources"][f"example-feed:{feed}"]
    assert (summary["new"], source["fetched"], source["skipped"], source["complete"]) == (5, 5, 1, True)

    config = tmp_path / "tweetbrief.toml"
    config.write_text('[topics.ai.writer_options]\nheadline = "Plugin digest"\n', encoding="utf-8")
    report = _cli(site, "report", "--writer", "example", "--from", DAY, "--to", DAY, "--db", db, "--site", str(out),
                  "--config", str(config), "--lang", "en", "--json", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    post = Path(json.loads(report.stdout)["post"]).read_text(encoding="utf-8")
    assert "Plugin digest: " in post and "GPT-5" in post


def test_plugin_options_are_checked_in_one_line(site, tmp_path):
    config = tmp_path / "tweetbrief.toml"
    config.write_text('[collect.example-feed]\ncolour = "red"\n', encoding="utf-8")
    result = _cli(site, "collect", "--source", f"example-feed:{_feed(tmp_path)}", "--since", DAY, "--until", DAY,
                  "--db", str(tmp_path / "t.sqlite"), "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "colour" in lines[0] and "lang" in lines[0] and "Traceback" not in result.stderr


def test_a_broken_and_a_duplicate_plugin_are_reported_and_the_builtins_still_work(site, tmp_path):
    _bad_plugins(site)
    result = _cli(site, "plugins", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    broken, dupe = sorted(out["errors"])
    assert "tb-broken 2.0" in broken and "RuntimeError: example failure second line" in broken
    assert "tb-dupe 1.5" in dupe and "'offline'" in dupe and "already registered by tweetbrief" in dupe
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning: plugin")]
    assert len(warnings) == 2 and "Traceback" not in result.stderr
    rows = {(r["kind"], r["name"]): r for r in out["components"]}
    assert rows[("writer", "offline")]["origin"] == "tweetbrief"  # the built-in kept its name
    assert ("writer", "example") in rows and ("writer", "broken") not in rows
    text = _cli(site, "plugins", cwd=tmp_path).stdout.splitlines()
    listed = text[text.index("not loaded:") + 1:]
    assert len(listed) == 2 and all(line.strip() in out["errors"] for line in listed)

    demo = _cli(site, "demo", "--site", str(tmp_path / "site"), "--json", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert Path(json.loads(demo.stdout)["post"]).is_file()


def test_unknown_names_list_the_registered_ones_plugins_included(site, tmp_path):
    db = str(tmp_path / "t.sqlite")
    writer = _cli(site, "report", "--writer", "nope", "--from", DAY, "--to", DAY, "--db", db,
                  "--site", str(tmp_path / "site"), cwd=tmp_path)
    assert writer.returncode == 2 and "unknown writer 'nope'" in writer.stderr
    assert "example" in writer.stderr and "offline" in writer.stderr
    source = _cli(site, "collect", "--source", "nope:x", "--since", DAY, "--until", DAY, "--db", db, cwd=tmp_path)
    assert source.returncode == 2 and "example-feed:..." in source.stderr and "x-search:..." in source.stderr


def test_registry_refuses_a_duplicate_name_in_one_line():
    reg: Registry[type] = Registry("writer", autoload=False)

    class A:
        pass

    class B:
        pass

    reg.register("a", A, origin="tweetbrief")
    assert reg.register("a", A) is A  # the same component again is not a conflict
    with pytest.raises(PluginError) as err:
        reg.register("a", B, origin="other-pkg 1.0")
    assert str(err.value) == ("writer 'a' from other-pkg 1.0 refused: the name is already registered by "
                              "tweetbrief; rename it")
    assert reg.get("a") is A and reg.origin("a") == "tweetbrief"
    with pytest.raises(ConfigError, match=r"^unknown writer 'b'; registered: a$"):
        reg.get("b")


def test_builtin_entry_points_name_exactly_the_builtin_components():
    """pyproject.toml's entry points and plugins.BUILTIN_MODULES (the source-tree path) agree."""
    from importlib import import_module

    from tweetbrief.plugins import GROUPS, registry

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    for kind, group in GROUPS.items():
        reg = registry(kind)
        builtin = {name for name in reg.names() if reg.origin(name) == "tweetbrief"}
        assert set(declared[group]) == builtin, kind
        for name, value in declared[group].items():
            module, _, attr = value.partition(":")
            obj = reg.get(name)
            assert (obj if isinstance(obj, type) else type(obj)) is getattr(import_module(module), attr)


def test_importers_keep_their_sniff_order():
    from tweetbrief.sources import IMPORTERS

    names = IMPORTERS.names()
    assert names[0] == "x-archive" and names[-1] == "csv"  # most specific first, csv (any .csv) last


def test_a_writer_without_what_it_needs_says_so_before_any_work(tmp_path, monkeypatch):
    """``report --writer openai`` without a key: one line from the writer's ``needs``, nothing analysed."""
    from typer.testing import CliRunner

    from tweetbrief.cli import app
    from tweetbrief.writers import get_writer

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["report", "--writer", "openai", "--from", DAY, "--to", DAY,
                                      "--db", str(tmp_path / "t.sqlite"), "--site", str(site)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: writer 'openai' needs $OPENAI_API_KEY (set it in the environment); " \
                                    "see `tweetbrief plugins`"
    assert not (site / "_posts").exists()
    openai = get_writer("openai")
    assert openai.unmet_needs({"api_key_env": "MY_KEY"}) == ["env:MY_KEY"]
    assert openai.unmet_needs({"base_url": "http://127.0.0.1:8080/v1"}) == []  # a loopback endpoint needs no key
    monkeypatch.setenv("MY_KEY", "sk-made-up")
    assert openai.unmet_needs({"api_key_env": "MY_KEY"}) == [] and get_writer("offline").unmet_needs({}) == []


def test_without_any_entry_point_metadata_the_builtins_still_load(tmp_path):
    """A source tree never installed: no tweetbrief entry points at all, the built-in modules still register."""
    code = ("import json, tweetbrief.plugins as p\n"
            "p._eps_cache = []\n"
            "rows = p.components()\n"
            "print(json.dumps([[r['kind'], r['name'], r['origin']] for r in rows]))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    expected = {(kind, name) for kind in ("importer", "collector", "stage", "writer")
                for name in declared[f"tweetbrief.{kind}s"]}
    assert {(k, n) for k, n, _ in rows} == expected and {o for _, _, o in rows} == {"tweetbrief"}
