"""Write N realistic synthetic notices: the corpus the benchmarks and the bulk test ingest.

    python benchmarks/generate.py --n 1000 --seed 1 --out DIR

Issuers come from the 机关代字 registry (``issuer_codes.all_codes()``); each notice has a
title 关于…的通知 with its 文号, an addressee line, a date line, 2–8 citations (《title》（文号）,
number only, title only) whose targets follow a Zipf distribution over a pool of cited
documents, annual recurring titles (series) across years, sometimes a tab-separated project
table with 牵头单位, duty sentences (市发展改革委要…), figures (重点建设项目N个，总投资约X亿元),
noise lines (site chrome), damaged numbers (柳政办〔20225号) and paragraphs of body prose that
bring a notice to the length of real ones (median ~6.4 KB; the samples are 5.8–9.1 KB).

Deterministic by seed (one ``random.Random`` per notice, seeded from (seed, index)) and
streaming: each notice is written as soon as it is made; nothing holds the corpus.
"""

from __future__ import annotations

import argparse
import bisect
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from policykg.loaders.issuer_codes import IssuerCode, all_codes

TOPICS = (
    "市级重大项目实施有关工作",
    "重点项目前期工作",
    "优化营商环境若干措施",
    "推进新型基础设施建设",
    "加强安全生产工作",
    "稳住经济大盘若干政策措施",
    "做好春季农业生产",
    "促进消费持续恢复",
    "推进城市更新行动",
    "加快发展保障性租赁住房",
    "加强耕地保护",
    "推动制造业高质量发展",
    "做好高校毕业生就业创业工作",
    "加强生态环境保护",
    "支持民营经济发展",
    "推进数字政府建设",
    "深化“放管服”改革",
    "加快氢能产业发展",
    "推进乡村振兴重点工作",
    "加强重大项目资金保障",
)
SERIES_TOPICS = (
    "{y}年市级重大项目实施有关工作",
    "{y}年重点项目名单",
    "{y}年全区重点项目计划",
    "{y}年政府工作报告重点工作分工",
)
VERBS = ("做好", "印发", "进一步加强", "开展", "推进")
DUTY_AGENCIES = (
    "市发展改革委",
    "市财政局",
    "市规划自然资源局",
    "市生态环境局",
    "市住房城乡建委",
    "市交通局",
    "市经济信息委",
    "区发展改革委",
    "区财政局",
)
DUTY_TASKS = (
    "牵头建立重点项目工作台账",
    "做好项目资金保障",
    "加快办理用地审批手续",
    "强化统筹调度服务",
    "定期通报项目推进情况",
)
PROJECT_WORDS = (
    "智能制造产业园",
    "综合交通枢纽",
    "污水处理厂",
    "氢能动力检测中心",
    "数据中心",
    "保障性住房",
    "物流园区",
    "人民医院扩建",
    "滨江公园",
    "轨道交通线",
)
STAGES = ("新开工", "续建", "前期", "竣工投用")
LEADS = ("九龙坡区政府", "两江新区管委会", "市发展改革委", "市交通局", "北碚区政府", "市卫生健康委")
NOISE = (
    "首页 > 政务公开 > 通知公告",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "分享到：微信 微博 QQ空间",
    "来源：本网  浏览次数：",
    "扫一扫在手机打开当前页",
)
# Body prose: real notices are mostly paragraphs of requirements (the samples are 5.8–9.1 KB);
# without them a synthetic notice is 1.7 KB. Sentences are built from these parts and carry
# no facts (no 文号, 《》, amounts or agency names), so the graph is the same with or without.
PROSE_SUBJECTS = (
    "各地各部门",
    "各责任单位",
    "各级项目业主",
    "有关单位",
    "各区县",
    "行业主管部门",
    "属地政府",
)
PROSE_ACTIONS = (
    "要坚持问题导向和目标导向，",
    "要进一步提高思想认识，",
    "要切实增强责任感和紧迫感，",
    "要按照职责分工，",
    "要强化统筹协调，",
    "要建立健全工作机制，",
    "要聚焦重点领域和关键环节，",
    "要加强跟踪服务和督促检查，",
)
PROSE_OBJECTS = (
    "细化工作任务和时间节点，",
    "完善项目储备和滚动推进机制，",
    "加快推进前期工作和要素保障，",
    "及时协调解决项目建设中的困难和问题，",
    "落实安全生产和质量监管责任，",
    "做好政策宣传解读和舆论引导，",
    "加强工作调度和信息报送，",
    "推动各项措施落地见效，",
)
PROSE_ENDS = (
    "确保按期完成年度目标任务。",
    "形成工作合力。",
    "切实提高工作质量和效率。",
    "为经济社会高质量发展提供有力支撑。",
    "不断增强人民群众的获得感。",
    "坚决防止推诿扯皮、敷衍塞责。",
)
CN_DIGITS = "〇一二三四五六七八九"
POOL_SIZE_RATIO = 2  # cited pool size = max(200, ratio × n)


def _cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def _cn_num(n: int) -> str:
    if n < 10:
        return "一二三四五六七八九"[n - 1]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else "一二三四五六七八九"[tens - 1] + "十") + (
        "" if ones == 0 else "一二三四五六七八九"[ones - 1]
    )


def _date(y: int, m: int, d: int, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"{_cn_year(y)}年{_cn_num(m)}月{_cn_num(d)}日"
    return f"{y}年{m}月{d}日"


class Pool:
    """The documents notices cite: fixed by seed; Zipf-weighted so a few are cited a lot."""

    def __init__(self, codes: list[IssuerCode], size: int, seed: int, zipf_s: float = 1.1) -> None:
        rng = random.Random(f"pool-{seed}")
        self.docs: list[tuple[str, str]] = []  # (title, 文号)
        used: set[str] = set()
        while len(self.docs) < size:
            c = rng.choice(codes)
            year = rng.randint(2010, 2022)
            number = f"{c.code}〔{year}〕{rng.randint(1, 300)}号"
            if number in used:
                continue
            used.add(number)
            title = f"{c.issuer}关于{rng.choice(VERBS)}{rng.choice(TOPICS)}的通知"
            self.docs.append((title, number))
        weights = [1.0 / (k + 1) ** zipf_s for k in range(size)]
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def pick(self, rng: random.Random) -> tuple[str, str]:
        return self.docs[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _prose(rng: random.Random) -> list[str]:
    """Paragraphs of 3–6 sentences, 15–60 sentences in all (about 2–8 KB)."""
    paragraphs, left = [], rng.randint(15, 60)
    while left > 0:
        k = min(left, rng.randint(3, 6))
        left -= k
        paragraphs.append(
            "".join(
                rng.choice(PROSE_SUBJECTS)
                + rng.choice(PROSE_ACTIONS)
                + rng.choice(PROSE_OBJECTS)
                + rng.choice(PROSE_ENDS)
                for _ in range(k)
            )
        )
    return paragraphs


def notice(i: int, seed: int, codes: list[IssuerCode], pool: Pool) -> str:
    rng = random.Random(f"{seed}-{i}")
    prose = _prose(random.Random(f"prose-{seed}-{i}"))  # own stream: the facts stay as they were
    c = codes[i % len(codes)] if rng.random() < 0.5 else rng.choice(codes)
    is_series = rng.random() < 0.25
    year = rng.randint(2015, 2024)
    if is_series:
        topic = SERIES_TOPICS[i % len(SERIES_TOPICS)].format(y=year)
        title = f"{c.issuer}关于做好{topic}的通知"
    else:
        title = f"{c.issuer}关于{rng.choice(VERBS)}{rng.choice(TOPICS)}的通知"
    # ingested numbers: a range no pool document uses (1000 + i), so every notice is its own document
    number = f"{c.code}〔{year}〕{1000 + i}号"
    lines: list[str] = []
    if rng.random() < 0.4:
        lines += [rng.choice(NOISE), ""]
    lines += [title, "", number, ""]
    lines += [
        rng.choice(
            (
                "各区县(自治县)人民政府，市政府有关部门，有关单位：",
                "各乡镇人民政府、街道办事处，区政府各部门，有关单位：",
            )
        ),
        "",
    ]
    lines.append(
        f"为贯彻落实{year}年有关工作部署，经{rng.choice(('市', '区'))}政府同意，现就有关事项通知如下："
    )
    lines.append("")
    n_cites = rng.randint(2, 8)
    for k in range(n_cites):
        t, num = pool.pick(rng)
        form = rng.random()
        if form < 0.55:
            ref = f"《{t}》（{num}）"
        elif form < 0.8:
            ref = f"{num}文件"
        else:
            ref = f"《{t}》"
        if rng.random() < 0.03:  # a damaged number as seen in real reposts
            ref = f"{c.code}〔{year - 1}{rng.randint(1, 9)}号）"
        lines.append(f"{_cn_num(k + 1)}、各单位要严格执行{ref}有关要求，认真落实主体责任。")
    lines += prose
    for _ in range(rng.randint(1, 3)):
        lines.append(
            f"{rng.choice(DUTY_AGENCIES)}要{rng.choice(DUTY_TASKS)}，确保各项工作落到实处。"
        )
    if rng.random() < 0.6:
        cnt = rng.randint(10, 900)
        amount = round(rng.uniform(10, 9000), 1)
        lines.append(
            f"{year}年重点建设项目{cnt}个，总投资约{amount}亿元，年度计划完成投资{round(amount / 5, 1)}亿元。"
        )
    if rng.random() < 0.2:
        lines.append(rng.choice(NOISE))
    lines += [
        "",
        c.issuer,
        _date(year, rng.randint(1, 12), rng.randint(1, 28), rng),
        "(此件公开发布)",
        "",
    ]
    if rng.random() < 0.3:
        lines += ["附件", "", f"{year}年重点建设项目", ""]
        lines.append(
            "序号\t项目名称\t开工年份\t拟建成年份\t当年建设阶段\t主要建设内容及规模\t年度建设目标\t牵头单位"
        )
        for s in range(1, rng.randint(2, 12)):
            name = f"{rng.choice(('九龙坡', '北碚', '两江新区', '渝北', '江北'))}{rng.choice(PROJECT_WORDS)}"
            start = year - rng.randint(0, 2)
            lines.append(
                f"{s}\t{name}\t{start}\t{start + rng.randint(1, 5)}\t{rng.choice(STAGES)}\t建设{rng.choice(PROJECT_WORDS)}及配套设施。\t完成年度投资\t{rng.choice(LEADS)}"
            )
    return "\n".join(lines) + "\n"


def generate(n: int, seed: int, out: str | Path) -> Iterator[Path]:
    """Write notices 0..n-1 to ``out`` (one .txt each), yielding each path as it is written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    codes = all_codes()
    pool = Pool(codes, max(200, POOL_SIZE_RATIO * n), seed)
    width = len(str(max(n - 1, 1)))
    for i in range(n):
        p = out / f"n{i:0{width}d}.txt"
        p.write_text(notice(i, seed, codes, pool), encoding="utf-8")
        yield p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    count = sum(1 for _ in generate(a.n, a.seed, a.out))
    print(f"wrote {count} notices to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
