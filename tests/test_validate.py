"""`validate` finds what is wrong: a cited document dated after its citer, a 文号 year that
disagrees with the date, a cited title whose issuer disagrees with the 机关代字, figures that
do not add up; `--strict` turns findings into a failing exit code."""

from __future__ import annotations

from click.testing import CliRunner

import policykg
from policykg.cli import main
from policykg.queries.validate import validate

HEAD = "各区县(自治县)人民政府，市政府有关部门：\n"


def _notice(title: str, number: str, body: str, date: str) -> str:
    return f"{title}\n{number}\n{HEAD}{body}\n重庆市人民政府办公厅\n{date}\n"


def test_validate_findings(tmp_path):
    d = tmp_path / "notices"
    d.mkdir()
    (d / "a.txt").write_text(
        _notice(
            "重庆市人民政府办公厅关于甲事项的通知",
            "渝府办发〔2021〕10号",
            "按照《重庆市人民政府办公厅关于乙事项的通知》（渝府办发〔2021〕20号）执行。"
            "同时执行《柳州市人民政府办公室关于丙事项的通知》（渝府办发〔2020〕40号）。",
            "2021年3月1日",
        ),
        encoding="utf-8",
    )
    (d / "b.txt").write_text(
        _notice(
            "重庆市人民政府办公厅关于乙事项的通知", "渝府办发〔2021〕20号", "正文。", "2021年6月1日"
        ),
        encoding="utf-8",
    )
    (d / "c.txt").write_text(
        _notice(
            "重庆市人民政府办公厅关于丁事项的通知", "渝府办发〔2019〕5号", "正文。", "2021年5月1日"
        ),
        encoding="utf-8",
    )
    (d / "e.txt").write_text(
        _notice(
            "重庆市人民政府办公厅关于戊事项的通知",
            "渝府办发〔2021〕50号",
            "实施项目分为新开工、续建和竣工三类共10项，项目总投资100亿元，年度计划投资10亿元。\n"
            "新开工项目3项，总投资30亿元，年度计划投资3亿元。\n续建项目3项，总投资30亿元，年度计划投资3亿元。\n"
            "竣工项目3项，总投资30亿元，年度计划投资3亿元。",
            "2021年7月1日",
        ),
        encoding="utf-8",
    )
    db = tmp_path / "g.db"
    assert policykg.ingest([d], db=db).ok
    with policykg.open(db, read_only=True) as g:
        v = validate(g)
    found = {(f.check, f.subject) for f in v.findings}
    assert ("cited-after-citer", "渝府办发〔2021〕10号") in found
    assert ("number-year-vs-date", "渝府办发〔2019〕5号") in found
    assert ("issuer-vs-code", "渝府办发〔2021〕10号") in found
    sums = [f for f in v.findings if f.check == "sum-mismatch"]
    assert {f.message.split(":")[0] for f in sums} == {"count", "total investment", "annual plan"}
    assert all(f.subject == "渝府办发〔2021〕50号" for f in sums)
    assert v.failed
    res = CliRunner().invoke(main, ["validate", "--strict", "--db", str(db)])
    assert res.exit_code == 1
    res = CliRunner().invoke(main, ["validate", "--db", str(db), "--json"])
    assert res.exit_code == 0


def test_validate_strict_passes_on_the_samples(seed_graph_path):
    res = CliRunner().invoke(main, ["validate", "--strict", "--db", str(seed_graph_path)])
    assert res.exit_code == 0, res.output
