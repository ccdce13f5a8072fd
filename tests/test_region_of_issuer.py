"""The region an issuing organ governs, from the region name its own name starts with."""

from __future__ import annotations

import pytest

from policykg.loaders.resolve import region_of_issuer


@pytest.mark.parametrize(
    ("issuer", "region"),
    [
        ("寿县人民政府督查室", "寿县"),  # a two-character county at the front
        ("融水苗族自治县人民政府", "融水苗族自治县"),
        ("都江堰市住房和城乡建设局", "都江堰市"),
        ("深圳市龙华区人民政府办公室", "龙华区"),
        ("重庆两江新区管理委员会", "两江新区"),
        ("广西发展改革委", "广西壮族自治区"),
        ("中共湖南省委办公厅", "湖南省"),
        ("锡林郭勒盟行政公署", "锡林郭勒盟"),
        ("广州住房公积金管理中心", "广州市"),  # a city's short name
        ("长沙住房公积金管理委员会", "长沙市"),  # 长沙 is also 长沙县: the organ is the city's
        ("朝阳区人民政府", None),  # 朝阳区 of Beijing or of Changchun: no guess
        ("龙华区人民政府", None),
        ("中山大学", None),  # not a government organ
        ("国务院办公厅", None),
        ("市政府办公室", None),
    ],
)
def test_region_of_issuer(issuer, region):
    got = region_of_issuer(issuer)
    assert (got.name if got else None) == region
