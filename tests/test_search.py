"""Lookups on the five samples: search (substring, then fuzzy, ranked, limited, filtered),
"did you mean" for an unknown 文号, the ambiguous-title list that says what it left out, and
the filters of trace and wanted."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from policykg.cli import main
from policykg.errors import QueryError
from policykg.queries.filters import DocFilter, parse_date_bound
from policykg.queries.lookup import DocumentNotFound, find_document
from policykg.queries.search import number_key, repair_docnumber, search

N118 = "渝府办发〔2020〕118号"
BEIBEI_2022 = "关于做好2022年区级重点项目实施有关工作的通知"  # 003: no 文号


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("渝府办发2020118号", N118),  # brackets lost, digits run together
        ("渝府办发2020118", N118),
        ("渝府办发 2020 118号", N118),
        ("渝府办发[2020]118号", N118),
        ("渝府办发（2020）118号", N118),
        ("渝府办发〔2020〕第118号", N118),
        ("渝府办发２０２０１１８号", N118),  # full-width digits
        ("柳政办20225号", "柳政办〔2022〕5号"),
        ("重点项目", None),
        ("2020118", None),
    ],
)
def test_repair_docnumber(typed, canonical):
    assert repair_docnumber(typed) == canonical


@given(st.text(max_size=30))
def test_number_key_is_idempotent(s):
    assert number_key(number_key(s)) == number_key(s)


@pytest.mark.parametrize(
    ("text", "end", "bound"),
    [
        ("2022", False, "2022-01-01"),
        ("2022", True, "2022-12-31"),
        ("2022-4", False, "2022-04-01"),
        ("2022-04", True, "2022-04-31"),
        ("2022-04-07", True, "2022-04-07"),
        ("2022年4月7日", False, "2022-04-07"),
    ],
)
def test_date_bounds(text, end, bound):
    assert parse_date_bound(text, end=end) == bound


@pytest.mark.parametrize("bad", ["last year", "2022-13", "22", "2022-04-40"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(QueryError, match="not a date"):
        parse_date_bound(bad, end=False)


def test_search_ranks_exact_then_substring_then_fuzzy(seed_graph):
    res = search(seed_graph, "渝府办发2020118号", limit=None)
    assert res.hits[0].id == N118 and res.hits[0].match == "exact" and res.hits[0].score == 100
    # 渝府办发〔2020〕8号 differs by one digit: the closest fuzzy match
    assert res.hits[1].doc_number == "渝府办发〔2020〕8号" and res.hits[1].match == "fuzzy"
    scores = [h.score for h in res.hits if h.match == "fuzzy"]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 70

    sub = search(seed_graph, "区级重点项目")
    assert [h.match for h in sub.hits][:1] == ["substring"]
    assert sub.hits[0].title == BEIBEI_2022
    assert 80 <= sub.hits[0].score < 100


def test_search_limit_counts_what_it_cut(seed_graph):
    full = search(seed_graph, "通知", limit=None)
    assert full.total == len(full.hits) >= 9
    cut = search(seed_graph, "通知", limit=3)
    assert len(cut.hits) == 3 and cut.total == full.total and cut.more == full.total - 3
    assert [h.id for h in cut.hits] == [h.id for h in full.hits[:3]]


def test_search_filters(seed_graph):
    def ids(**kw):
        return {h.id for h in search(seed_graph, "通知", limit=None, filters=DocFilter(**kw)).hits}

    everything = ids()
    # 2022 onward: the Beibei 2022 notice, 柳政办〔2022〕5号, 渝府办发〔2024〕33号 (dated ones only)
    since = ids(since="2022")
    assert {"柳政办〔2022〕5号", "渝府办发〔2024〕33号"} <= since
    assert "渝府办发〔2021〕25号" not in since and "渝府办发〔2021〕25号" in everything
    assert ids(until="2021") == {"渝府办发〔2021〕25号"}
    # 重庆市 includes 北碚区 (a region inside it): the Beibei notice passes, 柳州 does not
    chongqing = ids(region="重庆市")
    beibei = next(h.id for h in search(seed_graph, BEIBEI_2022).hits)
    assert beibei in chongqing and "柳政办〔2022〕5号" not in chongqing
    assert ids(region="450200") == {"柳政办〔2022〕5号"}  # by GB/T 2260 code
    # issuer: part of the name
    assert ids(issuer="柳州市") == {"柳政办〔2022〕5号"}
    assert ids(since="2022", until="2022", region="重庆市") == {beibei}


def test_unknown_docnumber_answers_with_the_closest(seed_graph):
    with pytest.raises(DocumentNotFound) as e:
        find_document(seed_graph, "渝府办发2020118号")
    assert e.value.suggestions[0][1] == N118
    assert "Did you mean: 渝府办发〔2020〕118号" in str(e.value)
    with pytest.raises(DocumentNotFound) as e:
        find_document(seed_graph, "渝府办发〔2020〕119号")  # a number that does not exist
    assert e.value.suggestions[0][1] == N118


def test_ambiguous_title_says_how_many_were_left_out(seed_graph):
    with pytest.raises(QueryError) as e:
        find_document(seed_graph, "通知")
    msg = str(e.value)
    total = search(seed_graph, "通知", limit=None)
    contains = sum(1 for h in total.hits if h.match != "fuzzy" and "通知" in (h.title or ""))
    assert f"matches {contains} documents" in msg
    assert f"and {contains - 8} more" in msg
    assert "t:" not in msg  # documents without a 文号 are named by title and path


@pytest.fixture()
def cli(seed_graph_path):
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(main, [*args, "--db", str(seed_graph_path)])

    return _run


@pytest.mark.parametrize(
    "command", [["trace"], ["show"], ["lineage"], ["trace", "--direction", "out"]]
)
def test_did_you_mean_everywhere(cli, command):
    res = cli(*command[:1], "渝府办发2020118号", *command[1:])
    assert res.exit_code == 2
    assert "Did you mean" in res.output and N118 in res.output


def test_search_cli_json_csv_and_limit(cli):
    data = json.loads(cli("search", "通知", "--limit", "2", "--json").output)
    assert len(data["hits"]) == 2 and data["more"] == data["total"] - 2
    assert all("label" in h and "id" in h for h in data["hits"])
    human = cli("search", "通知", "--limit", "2")
    assert f"and {data['more']} more match" in human.output
    rows = list(csv.DictReader(io.StringIO(cli("search", "渝府办发2020118号", "--csv").output)))
    assert rows[0]["doc_number"] == N118 and rows[0]["match"] == "exact"
    assert rows[0]["score"] == "100.0" and rows[0]["rank"] == "1"
    none = cli("search", "完全无关的词语组合")
    assert none.exit_code == 0 and none.output.startswith("no document matches")
    both = cli("search", "通知", "--json", "--csv")
    assert both.exit_code == 2 and "not both" in both.output


def test_search_cli_filters(cli):
    data = json.loads(
        cli("search", "通知", "--region", "重庆市", "--since", "2022", "--json").output
    )
    assert data["filters"] == {"since": "2022", "region": "重庆市"}
    assert {h["title"] for h in data["hits"]} == {
        BEIBEI_2022,
        "重庆市人民政府办公厅关于做好2024年市级重点项目实施有关工作的通知",
    }
    bad = cli("search", "通知", "--since", "last year")
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_trace_filters(cli):
    data = json.loads(cli("trace", N118, "--since", "2022", "--json").output)
    citers = {h["citing"] for h in data["hops"]}
    assert "渝府办发〔2024〕33号" in citers and "渝府办发〔2021〕25号" not in citers
    assert len(citers) == 2 and data["filtered_out"] == 1
    assert data["direct"] == {"in": 3}  # the root's citations are still all counted
    none = cli("trace", N118, "--issuer", "柳州市")
    assert none.exit_code == 0
    assert none.output.startswith(f"no document cites {N118} (issuer 柳州市)")


def test_wanted_filters_and_cut(cli):
    data = json.loads(cli("wanted", "--region", "柳州市", "--json").output)
    assert [w["label"] for w in data] == ["《柳州市重大项目建设管理暂行办法》"]
    assert data[0]["id"].startswith("t:")  # the id stays in JSON, the label names it
    everything = json.loads(cli("wanted", "--json").output)
    cut = cli("wanted", "--limit", "2")
    assert f"and {len(everything) - 2} more" in cut.output
    none = cli("wanted", "--since", "2030")
    assert none.output.startswith("no cited documents missing from the corpus (since 2030)")


@pytest.mark.parametrize(
    "number",
    [
        "渝府办发〔2020〕118号",
        "国家税务总局公告2018年第31号",
        "渝府令第345号",
        "国家发展改革委令〔2014〕7号",
    ],
)
def test_stored_numbers_key_like_typed_ones(number):
    from policykg.queries.search import _stored_key

    assert _stored_key(number) == number_key(number)


@pytest.mark.parametrize("module", ["search", "filters", "labels"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"policykg.queries.{module}")
    result = doctest.testmod(mod)
    assert result.attempted > 0 and result.failed == 0


def test_width_forms_match_either_way(seed_graph):
    from policykg.queries.search import _substring_score

    title = "重庆市市级重大项目前期工作管理办法（试行）"
    for typed in ("管理办法(试行)", "管理办法（试行）"):
        texts = tuple(dict.fromkeys((typed, unicodedata.normalize("NFKC", typed))))
        assert _substring_score(texts, title, "", None)[0] > 80, typed
    hit = search(seed_graph, "渝府办发〔２０２０〕１１８号").hits[0]  # full-width digits
    assert hit.id == N118 and hit.match == "exact"
