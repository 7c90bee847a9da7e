"""The demo's certificates (tracker.demo calls `add_certificates` for each supplier).

For each supplier:
- an in-house licence (社内認定), valid five years and REQUIRED on one critical process of the
  `covered` or `watch` profile: every designed holder of it holds a valid one (one to renew
  within 60 days), and so does every trainee of an open plan there (the projection is
  unchanged); one more engineer was assessed at U there after their licence had expired, so
  that level does not count (it never did: the as-of views of past dates are unchanged);
- 技能検定 1級 and 2級 of the trade of its main category (no expiry, not required), held by some
  holders at O and U;
- フォークリフト運転技能講習 (a legal licence, qualifying for no process) held by a few.
Dates are relative to `today`; it draws from its own `rng`, so the rest of the demo stays put.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.certificates.service import default_expiry
from tracker.models import Certificate, CertificateType, Engineer, Organization, Process, TrainingPlan
from tracker.skills.service import record_assessment

LICENCE_MONTHS = 60
TRADES = {  # category: the 技能検定 trade (職種・作業) that fits it
    "heat_treatment": "技能検定 金属熱処理（一般熱処理作業）",
    "cnc_machining": "技能検定 機械加工（数値制御旋盤作業）",
    "grinding": "技能検定 機械加工（平面研削盤作業）",
    "press_forming": "技能検定 金属プレス加工（金属プレス作業）",
    "casting": "技能検定 鋳造（鋳鉄鋳物鋳造作業）",
    "injection_molding": "技能検定 プラスチック成形（射出成形作業）",
    "plating": "技能検定 電気めっき（電気めっき作業）",
    "painting": "技能検定 塗装（金属塗装作業）",
    "assembly": "技能検定 仕上げ（機械組立仕上げ作業）",
    "inspection": "技能検定 機械検査（機械検査作業）",
    "die_maintenance": "技能検定 仕上げ（金型仕上げ作業）",
}


def add_certificates(
    session: Session,
    rng: random.Random,
    supplier: Organization,
    processes: Sequence[Process],
    holdings: Sequence,
    profiles: dict[int, str],
    available: Sequence[Engineer],
    today: date,
) -> None:
    """The supplier's certificate types and certificates. `holdings` are the demo's final levels
    (`.engineer`, `.process`, `.level`, `.designed`, `.steps`), `profiles` the band profile of
    each critical process, `available` the active engineers with a = 1."""
    session.flush()
    numbers = iter(range(1, 10_000))

    def give(
        engineer: Engineer, kind: CertificateType, issued_on: date, expires_on: date | None = None
    ) -> None:
        session.add(
            Certificate(
                supplier_id=supplier.id,
                engineer_id=engineer.id,
                certificate_type_id=kind.id,
                number=f"{supplier.code[:2]}-{issued_on.year}-{next(numbers):04d}",
                issued_on=issued_on,
                expires_on=expires_on or default_expiry(issued_on, kind.validity_months),
            )
        )

    _licence(session, rng, supplier, processes, holdings, profiles, available, today, give)
    _trade_tests(session, rng, supplier, processes, holdings, today, give)
    forklift = _kind(session, supplier, "フォークリフト運転技能講習", "", "登録教習機関", None, False, [])
    for engineer in rng.sample(list(available), min(3, len(available))):
        give(engineer, forklift, _issued_after_hire(rng, engineer, today))
    session.flush()


def _kind(session, supplier, name, grade, issuer, months, required, processes) -> CertificateType:
    kind = CertificateType(
        supplier_id=supplier.id,
        name=name,
        grade=grade,
        issuer=issuer,
        validity_months=months,
        required=required,
        processes=list(processes),
    )
    session.add(kind)
    session.flush()
    return kind


def _licence(session, rng, supplier, processes, holdings, profiles, available, today, give) -> None:
    eligible = [p for p in processes if profiles.get(p.id) in ("covered", "watch")]
    if not eligible:
        return
    process = rng.choice(sorted(eligible, key=lambda p: p.code))
    kind = _kind(
        session,
        supplier,
        f"社内認定 {process.category.name_ja}作業者",
        "",
        f"{supplier.name} 品質保証部",
        LICENCE_MONTHS,
        True,
        [process],
    )
    before = scoring.subtract_months(today, LICENCE_MONTHS)  # issued then: expires today
    holders = sorted(
        (h for h in holdings if h.process is process and h.designed), key=lambda h: h.engineer.id
    )
    renewing = rng.choice(holders) if holders else None
    for h in holders:
        if h is renewing:
            give(h.engineer, kind, before + timedelta(days=rng.randint(10, 50)))
            continue
        first = min(day for _level, day in h.steps)  # held since before the level: history unchanged
        give(h.engineer, kind, first - timedelta(days=rng.randint(10, 60)))
    trainees = session.scalars(
        select(Engineer)
        .join(TrainingPlan, TrainingPlan.trainee_id == Engineer.id)
        .where(TrainingPlan.process_id == process.id, TrainingPlan.is_open)
    ).all()
    for trainee in trainees:
        give(trainee, kind, today - timedelta(days=rng.randint(20, 200)))
    taken = {h.engineer.id for h in holdings if h.process is process} | {t.id for t in trainees}
    lapsed = [e for e in available if e.id not in taken]
    if lapsed:
        engineer = rng.choice(lapsed)
        give(engineer, kind, before - timedelta(days=rng.randint(20, 40)))  # expired 20-40 days ago
        record_assessment(
            session,
            engineer,
            process,
            3,
            today - timedelta(days=rng.randint(5, 15)),
            assessor="品質保証課長",
            evidence="単独作業で品質基準を達成／社内認定の更新待ち",
        )


def _trade_tests(session, rng, supplier, processes, holdings, today, give) -> None:
    counted = Counter(p.category.code for p in processes if p.category.code in TRADES)
    if not counted:
        return
    category = min(counted, key=lambda code: (-counted[code], code))
    qualified = [p for p in processes if p.category.code == category]
    first = _kind(session, supplier, TRADES[category], "1級", "厚生労働大臣", None, False, qualified)
    second = _kind(session, supplier, TRADES[category], "2級", "都道府県知事", None, False, qualified)
    seen: set[int] = set()
    for h in sorted(holdings, key=lambda h: (h.engineer.id, h.process.code)):
        if h.process.category.code != category or h.level < 3 or h.engineer.id in seen:
            continue
        seen.add(h.engineer.id)
        if h.level == 4 or rng.random() < 0.7:
            give(h.engineer, first if h.level == 4 else second, _issued_after_hire(rng, h.engineer, today))


def _issued_after_hire(rng: random.Random, engineer: Engineer, today: date) -> date:
    """A day between the engineer's hire (or ten years ago) and a hundred days ago."""
    start = max(engineer.hired_on or today - timedelta(days=3650), today - timedelta(days=3650))
    span = max((today - timedelta(days=100) - start).days, 0)
    return start + timedelta(days=rng.randint(0, span))
