"""Demo data: a buyer, six suppliers, their engineers, two years of skills history and training.

FOR DEMONSTRATIONS ONLY. Every demo login shares `PASSWORD`, which is public (it is printed by
`flask demo` and written here); never load the demo into a database that real users reach.

`load` is repeatable (`random.Random(seed)`) and dated relative to `today`. The dependency bands
are designed, not left to chance: each supplier's critical (A/B) processes are dealt the profiles
critical / high / watch / covered (each at least once) and their qualified holders are picked to
match, with availability a = years to retirement / 3:
  critical  one veteran at level 4                     E <= 1                   D = 100
  high      one holder with a = 1, one retiring in 150-330 days (a 0.14-0.30)   D >= 60
  watch     R - 1 holders with a = 1, one retiring in 730-986 days (a 0.67-0.90) 0 < D <= 34
  covered   R holders or more with a = 1                                        D = 0
Everyone else on a critical process stays below level 3 (learners), and designed holders keep a
valid, recently practised level today, so none of them tips a band. Statuses are dated
(`_status_periods`), so the as-of view of a past date differs from today's. Certificates
(`tracker.certificates.demo`) keep the designed holders counting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.auth.login import hash_password
from tracker.certificates.demo import add_certificates
from tracker.meetings import service as meetings
from tracker.models import (
    Engineer,
    EngineerStatusPeriod,
    Organization,
    Partnership,
    Process,
    ProcessCategory,
    TrainingPlan,
    TrainingSession,
    User,
)
from tracker.models.processes import default_required
from tracker.processes.taxonomy import ensure_categories
from tracker.skills.service import record_assessment, record_practice
from tracker.tenancy import Scope

PASSWORD = "densho-demo"  # demo-only: shared by every demo login and printed by `flask demo`
DOMAIN = "densho.example"

BUYER = ("TOWA", "東和自動車株式会社", "Towa Motors")
SUPPLIERS = (  # code, company name, short name, the categories it works in
    (
        "YAMADA",
        "山田精工株式会社",
        "山田精工",
        ("cnc_machining", "grinding", "inspection", "assembly", "welding"),
    ),
    (
        "HOKUTO",
        "北斗熱処理工業株式会社",
        "北斗熱処理",
        ("heat_treatment", "grinding", "inspection", "cnc_machining"),
    ),
    ("SANKYO", "三協メッキ株式会社", "三協メッキ", ("plating", "painting", "inspection", "heat_treatment")),
    (
        "MARUEI",
        "丸栄プレス工業株式会社",
        "丸栄プレス",
        ("press_forming", "die_maintenance", "welding", "assembly"),
    ),
    (
        "YAMATO",
        "株式会社大和鋳造所",
        "大和鋳造所",
        ("casting", "cnc_machining", "die_maintenance", "inspection"),
    ),
    (
        "KYOEI",
        "共栄樹脂工業株式会社",
        "共栄樹脂",
        ("injection_molding", "die_maintenance", "painting", "assembly"),
    ),
)
DISCLOSURES = ("aggregate", "pseudonymous", "named")  # the first three suppliers; the fourth is proposed

SITES = ("本社工場", "第二工場", "東工場", "九州工場")
ENGLISH_NAMES = {  # the suppliers' names in English, by code
    "YAMADA": "Yamada Seiko Co., Ltd.",
    "HOKUTO": "Hokuto Heat Treatment Co., Ltd.",
    "SANKYO": "Sankyo Plating Co., Ltd.",
    "MARUEI": "Maruei Press Industries Co., Ltd.",
    "YAMATO": "Yamato Foundry Co., Ltd.",
    "KYOEI": "Kyoei Plastics Co., Ltd.",
}
LINES = ("", "", "1号ライン", "2号ライン", "3号ライン")
PROCESS_NAMES = {  # category: (code prefix, process names)
    "welding": (
        "W",
        (
            "TIG溶接（ブラケット）",
            "MIG溶接（フレーム）",
            "スポット溶接（パネル）",
            "ロボット溶接（サブフレーム）",
            "ろう付け（配管）",
        ),
    ),
    "heat_treatment": (
        "HT",
        (
            "浸炭焼入れ（ギヤ）",
            "高周波焼入れ（シャフト）",
            "焼戻し・応力除去",
            "窒化処理（金型部品）",
            "真空熱処理",
        ),
    ),
    "cnc_machining": (
        "NC",
        (
            "NC旋盤加工（シャフト）",
            "マシニング加工（ハウジング）",
            "5軸加工（インペラ）",
            "NCプログラム作成",
            "複合加工（フランジ）",
        ),
    ),
    "grinding": ("GR", ("円筒研削（シャフト）", "平面研削", "センタレス研削", "歯車研削")),
    "press_forming": (
        "PR",
        (
            "順送プレス（ブラケット）",
            "トランスファープレス",
            "深絞り加工",
            "プレス段取り替え",
            "サーボプレス条件設定",
        ),
    ),
    "casting": (
        "CS",
        ("アルミダイカスト", "砂型鋳造（ブロック）", "溶湯管理・成分調整", "中子造型", "鋳物仕上げ"),
    ),
    "injection_molding": (
        "IM",
        ("射出成形（内装部品）", "インサート成形", "成形条件設定", "樹脂乾燥・材料管理"),
    ),
    "plating": (
        "PL",
        (
            "亜鉛めっき（ボルト）",
            "無電解ニッケルめっき",
            "硬質クロムめっき",
            "めっき液管理",
            "アルマイト処理",
        ),
    ),
    "painting": ("PT", ("電着塗装", "粉体塗装", "スプレー塗装（外装部品）", "塗膜検査")),
    "assembly": (
        "AS",
        ("サブアッセンブリ（ポンプ）", "トルク管理締結", "最終組立（ユニット）", "リークテスト"),
    ),
    "inspection": (
        "QC",
        ("三次元測定（CMM）", "外観検査（最終）", "非破壊検査（UT）", "硬さ試験", "初品検査・測定計画"),
    ),
    "die_maintenance": (
        "DM",
        ("金型保全（プレス型）", "金型保全（ダイカスト型）", "金型修理・肉盛り溶接", "金型研磨"),
    ),
}
CERTIFIED = ("welding", "inspection", "heat_treatment", "plating")  # levels here carry an expiry

FAMILY_NAMES = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "山下",
    "中島",
    "石井",
    "小川",
    "前田",
    "岡田",
    "長谷川",
    "藤田",
    "後藤",
    "近藤",
    "村上",
    "遠藤",
)
GIVEN_NAMES = (
    "健一",
    "誠",
    "大輔",
    "拓也",
    "翔太",
    "浩二",
    "隆",
    "茂",
    "正人",
    "和夫",
    "修",
    "博之",
    "直樹",
    "亮",
    "剛",
    "勝也",
    "達也",
    "悠斗",
    "蓮",
    "大翔",
    "美咲",
    "由美",
    "恵子",
    "陽子",
    "真由美",
    "彩",
    "葵",
    "智子",
    "裕子",
    "さくら",
    "明美",
    "千尋",
    "優花",
    "幸子",
)
ASSESSOR_ROLES = ("製造課長", "品質保証課長", "工場長", "技能評価員", "班長")
EVIDENCE = {
    1: "作業標準書の教育を受講",
    2: "班長の監督下で作業を実施",
    3: "単独作業で品質基準を達成（3ロット連続良品）",
    4: "技能評価に合格、後進の指導実績あり",
}
SESSION_CONTENT = (
    "作業標準書の読み合わせ",
    "OJT：段取り替えの実習",
    "不良事例の振り返り",
    "加工条件設定の実技指導",
    "検査記録の付け方と判定基準",
    "治具・測定器の取り扱い",
    "安全教育（KY活動）",
    "異常時の処置と報告の実習",
)
PROFILES = ("critical", "high", "watch", "covered")
PROFILE_WEIGHTS = (3, 3, 2, 4)


@dataclass
class _Pools:
    """A supplier's active engineers, grouped by what the band design needs of them."""

    full: list[Engineer] = field(default_factory=list)  # a = 1: retirement unknown or > 3 years away
    senior: list[Engineer] = field(default_factory=list)  # `full` with 12+ years of service
    retiring: list[Engineer] = field(default_factory=list)  # retiring within three years
    soon: list[Engineer] = field(default_factory=list)  # retiring in 150-330 days
    mid: list[Engineer] = field(default_factory=list)  # retiring in 730-986 days


@dataclass
class _Holding:
    """An engineer's final level on a process, and how it got there."""

    engineer: Engineer
    process: Process
    level: int
    designed: bool = False  # part of the band design: must count today
    expiry: str = ""  # "", "soon" (within 60 days), "expired", "long"
    steps: list[tuple[int, date]] = field(default_factory=list)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _plus_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def _service_years(engineer: Engineer, today: date) -> float:
    return (today - engineer.hired_on).days / 365.25


def load(session: Session, seed: int = 7, today: date | None = None) -> list[tuple[str, str]]:
    """Fill an empty database with the demo; return the logins as (email, description). No commit."""
    today = today or date.today()
    rng = random.Random(seed)
    ensure_categories(session)
    categories = {c.code: c for c in session.scalars(select(ProcessCategory))}
    password_hash = hash_password(PASSWORD)
    code, name, english = BUYER
    buyer = _organization(session, code, name, english, "buyer")
    logins = _users(session, rng, buyer, "buyer", ("admin", "viewer"), password_hash, f"{english} (buyer)")
    suppliers = []
    for code, name, short, category_codes in SUPPLIERS:
        supplier = _organization(session, code, name, ENGLISH_NAMES[code], "supplier")
        logins += _users(
            session,
            rng,
            supplier,
            code.lower(),
            ("admin", "editor", "viewer"),
            password_hash,
            f"{short} supplier",
        )
        certificates = random.Random(f"{seed}-{code}-certificates")  # its own stream: the rest stays put
        _populate(session, rng, supplier, [categories[c] for c in category_codes], today, certificates)
        suppliers.append(supplier)
    _partnerships(session, rng, buyer, suppliers, today)
    session.flush()
    _meetings(session, buyer, suppliers[: len(DISCLOSURES)], today)
    return logins


def _organization(session: Session, code: str, name: str, name_en: str, kind: str) -> Organization:
    """An organization that has been running for a while (its first run is done)."""
    org = Organization(code=code, name=name, name_en=name_en, kind=kind, set_up_at=datetime(2024, 4, 1))
    session.add(org)
    session.flush()
    return org


def _users(session, rng, org, prefix, roles, password_hash, label) -> list[tuple[str, str]]:
    logins = []
    for role in roles:
        email = f"{prefix}-{role}@{DOMAIN}"
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        session.add(
            User(organization_id=org.id, email=email, name=name, role=role, password_hash=password_hash)
        )
        logins.append((email, f"{label} {role}"))
    return logins


def _partnerships(session, rng, buyer, suppliers, today) -> None:
    for supplier, disclosure in zip(suppliers, DISCLOSURES, strict=False):
        proposed = datetime.combine(today - _days(rng.randint(200, 500)), time(10))
        session.add(
            Partnership(
                buyer_id=buyer.id,
                supplier_id=supplier.id,
                status="accepted",
                disclosure=disclosure,
                proposed_at=proposed,
                decided_at=proposed + _days(rng.randint(3, 20)),
            )
        )
    session.add(
        Partnership(
            buyer_id=buyer.id,
            supplier_id=suppliers[len(DISCLOSURES)].id,
            status="proposed",
            proposed_at=datetime.combine(today - _days(5), time(14)),
        )
    )


def _meetings(session, buyer, partners, today) -> None:
    """A portfolio review and a pulse meeting held and closed, and this month's pulse scheduled today."""
    scope = Scope(buyer.id, "buyer")
    first = partners[0]
    held = [
        ([p.id for p in partners], today - _days(63), "Q3 portfolio review", "quarterly"),
        ([first.id], today - _days(35), "October pulse", "pulse"),
    ]
    for supplier_ids, day, title, kind in held:
        meeting = meetings.schedule(
            session,
            scope,
            None,
            {
                "suppliers": supplier_ids,
                "held_on": day,
                "title": title,
                "kind": kind,
                "agenda": "\n".join(AGENDA),
            },
        )
        process = session.scalar(
            select(Process)
            .where(Process.supplier_id == first.id, Process.criticality == "A")
            .order_by(Process.code.not_like("W-%"), Process.code)  # a welding line: the reddest
        )
        meetings.record_action(
            session,
            meeting,
            None,
            {
                "text": "ラインの有資格者を2人目まで育成する",
                "supplier_id": first.id,
                "process_id": process.id,
                "owner_side": "supplier",
                "due_on": day + _days(60),
                "plan_requested": True,
            },
        )
        meetings.record_action(
            session,
            meeting,
            None,
            {
                "text": "ベテランの退職予定と引継ぎ計画を共有する",
                "supplier_id": first.id,
                "owner_side": "supplier",
                "due_on": day + _days(21),
            },
        )
        meetings.close(session, meeting, None, today)
    meetings.schedule(
        session,
        scope,
        None,
        {
            "suppliers": [first.id],
            "held_on": today,
            "title": "November pulse",
            "kind": "pulse",
            "agenda": "\n".join(AGENDA),
        },
    )


AGENDA = (  # the standard agenda, in the demo's language (its companies are Japanese)
    "前回のアクション",
    "前回からの変化",
    "重要工程とキーパーソン",
    "期限の近い育成計画",
    "リスクと事業継続",
    "次のステップ",
)


def _populate(session, rng, supplier, categories, today, certificates_rng) -> None:
    sites = list(SITES[: rng.randint(1, 3)])
    supplier.sites = sites
    processes = _processes(session, rng, supplier, categories, sites)
    engineers = _engineers(session, rng, supplier, sites, today)
    session.flush()
    pools = _pools(engineers, today)
    profiles: dict[int, str] = {}
    holdings = _design(rng, processes, pools, profiles)
    _fill(rng, holdings, engineers, processes, today)
    _status_periods(session, engineers, holdings, pools, today)
    assessors = [f"{rng.choice(FAMILY_NAMES)}（{role}）" for role in rng.sample(ASSESSOR_ROLES, 3)]
    for holding in holdings.values():
        _record(session, rng, holding, assessors, today)
    _plans(session, rng, supplier, holdings, profiles, pools, today)
    add_certificates(
        session, certificates_rng, supplier, processes, list(holdings.values()), profiles, pools.full, today
    )


def _processes(session, rng, supplier, categories, sites) -> list[Process]:
    names = [(c, name) for c in categories for name in PROCESS_NAMES[c.code][1]]
    n = rng.randint(8, 15)
    chosen = sorted(rng.sample(names, n), key=lambda pair: (pair[0].position, names.index(pair)))
    n_c = rng.randint(1, n // 4)
    n_a = (n - n_c) // 2 + rng.randint(0, 1)
    grades = ["A"] * n_a + ["B"] * (n - n_a - n_c) + ["C"] * n_c
    rng.shuffle(grades)
    lapsing = set(rng.sample(range(n), 2))
    numbers: dict[str, int] = {}
    processes = []
    for i, ((category, name), grade) in enumerate(zip(chosen, grades, strict=True)):
        prefix = PROCESS_NAMES[category.code][0]
        numbers[prefix] = numbers.get(prefix, 0) + 1
        processes.append(
            Process(
                supplier_id=supplier.id,
                category_id=category.id,
                code=f"{prefix}-{numbers[prefix]:02d}",
                name=name + rng.choice(LINES),
                criticality=grade,
                required=default_required(grade),
                site=rng.choice(sites),
                lapse_months=rng.choice((6, 12, 24)) if i in lapsing else None,
            )
        )
    grade_a = [p for p in processes if p.criticality == "A"]
    rng.choice(grade_a).required = 4  # one process per supplier asks for more than the default
    session.add_all(processes)
    return processes


def _engineers(session, rng, supplier, sites, today) -> list[Engineer]:
    n = rng.randint(20, 40)
    n_retiring = max(4, round(n * 0.15))
    windows = [(150, 330), (150, 330), (730, 986)] + [(60, 1090)] * (n_retiring - 3)
    away = ["leave"] * rng.randint(1, 2) + ["left"] * rng.randint(1, 2)
    people = []  # (hired_on, retires_on, status)
    for i in range(n):
        hire_age = rng.randint(18, 24)
        if i < n_retiring:
            retires_on = today + _days(rng.randint(*windows[i]))
            hired_on = _plus_years(retires_on, hire_age - 65)
        else:
            hired_on = today - _days(rng.randint(365, (60 - hire_age) * 365))
            retires_on = _plus_years(hired_on, 65 - hire_age) if rng.random() < 0.8 else None
        status = away[i - n_retiring] if n_retiring <= i < n_retiring + len(away) else "active"
        people.append((hired_on, retires_on, status))
    rng.shuffle(people)
    names: list[str] = []
    while len(names) < n:
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}"
        if name not in names:
            names.append(name)
    codes = rng.sample(range(1000, 10000), n)
    engineers = [
        Engineer(
            supplier_id=supplier.id,
            name=name,
            employee_code=f"{supplier.code[:2]}{code}",
            site=rng.choice(sites),
            hired_on=hired_on,
            retires_on=retires_on,
            status=status,
        )
        for name, code, (hired_on, retires_on, status) in zip(names, codes, people, strict=True)
    ]
    session.add_all(engineers)
    return engineers


def _status_periods(session, engineers, holdings, pools, today) -> None:
    """Date the statuses, so that the past differs from today: the engineers away now left one to
    five months ago or went on leave in the last weeks; one qualified engineer was on leave for
    two months earlier this year (draws nothing from the random stream, so the rest stays put)."""
    away = [e for e in engineers if e.status != "active"]
    for k, e in enumerate(sorted(away, key=lambda e: e.employee_code)):
        back = _days(60 + 30 * k) if e.status == "left" else _days(20 + 10 * k)
        session.add(EngineerStatusPeriod.of(e, e.status, today - back))
    returned = next(
        (h.engineer for h in holdings.values() if h.designed and h.level == 4 and h.engineer in pools.full),
        None,
    )
    if returned is not None:
        leave = (today - _days(210), today - _days(150))
        session.add(EngineerStatusPeriod.of(returned, "leave", *leave))


def _pools(engineers: list[Engineer], today: date) -> _Pools:
    pools = _Pools()
    for e in engineers:
        if e.status != "active":
            continue
        left = (e.retires_on - today).days if e.retires_on else None
        if left is None or left > 3.2 * 365.25:
            pools.full.append(e)
            if _service_years(e, today) >= 12:
                pools.senior.append(e)
            continue
        pools.retiring.append(e)
        if 150 <= left <= 330:
            pools.soon.append(e)
        elif 730 <= left <= 986:
            pools.mid.append(e)
    return pools


def _design(rng, processes, pools, profiles) -> dict[tuple[int, int], _Holding]:
    """The qualified holders of every critical process, chosen to land in the profile's band."""
    holdings: dict[tuple[int, int], _Holding] = {}
    critical = [p for p in processes if p.is_critical]
    deal = list(PROFILES) + rng.choices(PROFILES, PROFILE_WEIGHTS, k=len(critical) - len(PROFILES))
    rng.shuffle(deal)
    for process, profile in zip(critical, deal, strict=True):
        profiles[process.id] = profile
        r = process.required
        if profile == "critical":
            holders = [rng.choice(pools.retiring + pools.senior)]
        elif profile == "high":
            holders = [rng.choice(pools.full), rng.choice(pools.soon)]
        elif profile == "watch":
            holders = rng.sample(pools.full, r - 1) + [rng.choice(pools.mid)]
        else:
            holders = rng.sample(pools.full, r + rng.randint(0, 1))
        for e in holders:
            veteran = e in pools.retiring or e in pools.senior or profile == "critical"
            holdings[e.id, process.id] = _Holding(e, process, 4 if veteran else 3, designed=True)
        others = [e for e in pools.full if e not in holders]
        for e in rng.sample(others, rng.randint(0, 1) if profile == "covered" else rng.randint(1, 2)):
            holdings[e.id, process.id] = _Holding(e, process, rng.randint(1, 2))
    designed = [h for h in holdings.values() if h.designed]
    for h in designed:
        h.expiry = "long" if h.process.category.code in CERTIFIED else ""
    for h in rng.sample(designed, 3):
        h.expiry = "soon"  # a certificate to renew within 60 days; still valid today
    for process in rng.sample(critical, 2):  # a lapsed certificate: level 3 on paper, not counting
        e = rng.choice([e for e in pools.full if (e.id, process.id) not in holdings])
        holdings[e.id, process.id] = _Holding(e, process, 3, expiry="expired")
    return holdings


def _fill(rng, holdings, engineers, processes, today) -> None:
    """Give every engineer 3-8 processes; on critical ones, the active stay below level 3."""
    for e in engineers:
        target = rng.randint(3, 8)
        have = sum(1 for (eid, _pid) in holdings if eid == e.id)
        for process in rng.sample(processes, len(processes)):
            if have >= target:
                break
            if (e.id, process.id) in holdings:
                continue
            if e.status == "active" and process.is_critical:
                level = rng.randint(1, 2)
            else:
                level = rng.randint(1, 4 if _service_years(e, today) >= 12 else 3)
            holdings[e.id, process.id] = _Holding(e, process, level)
            have += 1


def _steps(rng, holding: _Holding, today: date) -> list[tuple[int, date]]:
    """The dated levels leading to the holding's final level, over the last two years."""
    final = holding.level
    if holding.expiry == "expired":
        return [(final, today - _days(rng.randint(600, 730)))]
    if final == 4:
        start = 4 if _service_years(holding.engineer, today) >= 20 else 3
    else:
        start = rng.randint(1, 2) if final == 3 else rng.randint(1, final)
    first = today - _days(rng.randint(600, 730))
    end = today - _days(rng.randint(14, 120))
    levels = list(range(start, final + 1))
    if len(levels) == 1:
        steps = [(final, first)]
        if rng.random() < 0.5:
            steps.append((final, first + _days(rng.randint(330, 400))))  # yearly review
    else:
        span = (end - first).days
        steps = [(level, first + _days(span * i // (len(levels) - 1))) for i, level in enumerate(levels)]
    lapse = holding.process.lapse_months
    stale = steps[-1][1] < today - _days(150)
    if lapse and final >= 3 and stale and (holding.designed or rng.random() < 0.5):
        steps.append((final, today - _days(rng.randint(14, 150))))  # periodic re-certification
    return steps


def _record(session, rng, holding: _Holding, assessors, today) -> None:
    holding.steps = _steps(rng, holding, today)
    expires_on = {
        "soon": today + _days(rng.randint(5, 60)),
        "expired": today - _days(rng.randint(3, 90)),
        "long": today + _days(rng.randint(120, 900)),
    }.get(holding.expiry)
    for i, (level, day) in enumerate(holding.steps):
        last = i == len(holding.steps) - 1
        evidence = EVIDENCE.get(level, "")
        if last and expires_on:
            evidence += "／社内資格認定（有効期限あり）"
        record_assessment(
            session,
            holding.engineer,
            holding.process,
            level,
            day,
            assessor=rng.choice(assessors),
            evidence=evidence,
            expires_on=expires_on if last else None,
        )


def _plans(session, rng, supplier, holdings, profiles, pools, today) -> None:
    """3-8 training plans: open ones on at-risk processes, a cancelled one, one or two done."""
    trainers: dict[int, list[Engineer]] = {}
    for h in holdings.values():
        if h.designed and h.level == 4:
            trainers.setdefault(h.process.id, []).append(h.engineer)
    candidates = _trainees(rng, holdings, profiles, pools, trainers)
    n_open = min(len(candidates) - 1, rng.randint(2, 5))
    for i, (trainee, process, from_level) in enumerate(candidates[: n_open + 1]):
        if i == n_open:  # the last one was called off
            starts = today - _days(rng.randint(200, 400))
            due, status, notes = starts + _days(rng.randint(120, 240)), "cancelled", "配置転換のため中止"
        elif i == 0:
            due = today - _days(rng.randint(7, 45))
            starts = due - _days(rng.randint(90, 180))
            status, notes = "in_progress", "期限超過：次回会議でフォロー"
        else:
            status, notes = rng.choice(("planned", "in_progress")), "パートナー会議で合意した多能工化計画"
            starts = today + _days(rng.randint(0, 45) if status == "planned" else -rng.randint(20, 150))
            due = today + _days(rng.randint(45, 330) if rng.random() < 0.85 else rng.randint(380, 480))
            due = max(due, starts + _days(60))
        plan = _plan(supplier, trainee, rng.choice(trainers[process.id]), process, from_level, starts, due)
        plan.status, plan.notes = status, notes
        session.add(plan)
        if status == "in_progress":
            session.flush()
            _sessions(session, rng, plan, today)
    for h in _done_candidates(holdings, trainers)[: rng.randint(1, 2)]:
        i = next(i for i, (level, _day) in enumerate(h.steps) if level == 3)
        trainer = rng.choice([t for t in trainers[h.process.id] if t is not h.engineer])
        (from_level, starts), due = h.steps[i - 1], h.steps[i][1]
        plan = _plan(supplier, h.engineer, trainer, h.process, from_level, starts, due)
        plan.status, plan.notes = "done", "目標レベル到達"
        session.add(plan)


def _trainees(rng, holdings, profiles, pools, trainers) -> list[tuple[Engineer, Process, int]]:
    """(trainee, process, from level): learners and newcomers on at-risk processes that have a trainer.

    Shuffled, with a process of the `critical` profile first.
    """
    candidates = []  # (profile, trainee, process, from_level)
    for h in holdings.values():
        profile = profiles.get(h.process.id, "covered")
        if profile != "covered" and h.level <= 2 and h.engineer in pools.full:
            candidates.append((profile, h.engineer, h.process, h.level))
        if h.designed and profile == "critical":
            newcomer = rng.choice(pools.full)
            if (newcomer.id, h.process.id) not in holdings:
                candidates.append((profile, newcomer, h.process, 0))
    candidates = list(dict.fromkeys(c for c in candidates if c[2].id in trainers))
    rng.shuffle(candidates)
    candidates.sort(key=lambda c: c[0] != "critical")
    return [c[1:] for c in candidates]


def _done_candidates(holdings, trainers) -> list[_Holding]:
    """Designed level-3 holders who rose to 3 in the last two years, with a trainer on the process."""
    return [
        h
        for h in holdings.values()
        if h.designed
        and h.level == 3
        and h.steps[0][0] < 3
        and any(t is not h.engineer for t in trainers.get(h.process.id, []))
    ]


def _plan(supplier, trainee, trainer, process, from_level, starts, due) -> TrainingPlan:
    return TrainingPlan(
        supplier_id=supplier.id,
        trainee_id=trainee.id,
        trainer_id=trainer.id,
        process_id=process.id,
        from_level=from_level,
        target_level=3,
        starts_on=starts,
        due_on=due,
    )


def _sessions(session, rng, plan: TrainingPlan, today: date) -> None:
    span = (today - plan.starts_on).days
    for offset in sorted(rng.sample(range(span + 1), min(span + 1, rng.randint(1, 4)))):
        held_on = plan.starts_on + _days(offset)
        session.add(
            TrainingSession(
                supplier_id=plan.supplier_id,
                plan_id=plan.id,
                held_on=held_on,
                hours=rng.choice((1, 1.5, 2, 3, 4, 6, 8)),
                content=rng.choice(SESSION_CONTENT),
            )
        )
        record_practice(session, plan.trainee_id, plan.process_id, held_on)
