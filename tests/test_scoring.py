"""Unit tests for tracker.scoring (pure scoring rules, no Flask or database)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.scoring import (
    BANDS,
    NOT_CERTIFIED,
    HeldCertificate,
    Holder,
    PlannedLevel,
    ProcessScore,
    availability,
    band_for,
    certified_until,
    certify,
    counts,
    first_loss,
    project,
    score_process,
    subtract_months,
    truck_factor,
)

ON = date(2026, 6, 15)
DAY = timedelta(days=1)
SCORING_PATH = Path(__file__).resolve().parent.parent / "tracker" / "scoring.py"


def days_after(days: int) -> date:
    return ON + timedelta(days=days)


def score(holders, required=2, **kwargs) -> ProcessScore:
    return score_process(holders, required, ON, **kwargs)


# --- counts: expiry -------------------------------------------------------


def test_level_expiring_on_the_day_does_not_count():
    assert not counts(Holder(1, 3, expires_on=ON), ON)


def test_level_expiring_the_day_after_counts():
    assert counts(Holder(1, 3, expires_on=ON + DAY), ON)


def test_level_expired_before_the_day_does_not_count():
    assert not counts(Holder(1, 4, expires_on=ON - DAY), ON)


def test_level_without_expiry_counts():
    assert counts(Holder(1, 3, expires_on=None), ON)


# --- counts: retirement, activity, level -----------------------------------


def test_engineer_retiring_on_the_day_does_not_count():
    assert not counts(Holder(1, 4, retires_on=ON), ON)


def test_engineer_retired_in_the_past_does_not_count():
    assert not counts(Holder(1, 4, retires_on=ON - 30 * DAY), ON)


def test_engineer_retiring_the_day_after_counts():
    assert counts(Holder(1, 4, retires_on=ON + DAY), ON)


def test_engineer_without_retirement_date_counts():
    assert counts(Holder(1, 4, retires_on=None), ON)


def test_inactive_engineer_does_not_count():
    assert not counts(Holder(1, 4, active=False), ON)


@pytest.mark.parametrize("level", [0, 1, 2])
def test_levels_below_three_do_not_count(level):
    assert not counts(Holder(1, level), ON)


@pytest.mark.parametrize("level", [3, 4])
def test_levels_three_and_four_count(level):
    assert counts(Holder(1, level), ON)


def test_holder_defaults_are_no_expiry_no_retirement_active_never_practised():
    holder = Holder(1, 3)
    assert holder.expires_on is None
    assert holder.retires_on is None
    assert holder.active is True
    assert holder.practised_on is None


def test_holder_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Holder(1, 3).level = 4  # type: ignore[misc]


# --- availability ------------------------------------------------------------


def test_availability_is_one_without_retirement_date():
    assert availability(None, ON, 3.0) == 1.0


def test_availability_is_one_when_retirement_is_beyond_the_horizon():
    assert availability(days_after(5 * 365), ON, 3.0) == 1.0


def test_availability_is_one_when_retirement_is_just_beyond_the_horizon():
    # 3 * 365.25 days = 1095.75; 1096 days is just beyond the horizon.
    assert availability(days_after(1096), ON, 3.0) == 1.0


def test_availability_is_half_when_retiring_in_one_and_a_half_years():
    retires = date(ON.year + 1, 12, 15)  # 1.5 calendar years after 2026-06-15
    assert availability(retires, ON, 3.0) == pytest.approx(0.5, abs=1e-3)


def test_availability_is_exactly_half_of_an_exact_horizon():
    # 1461 days = 4 * 365.25, i.e. exactly 4 years, on an 8-year horizon.
    assert availability(days_after(1461), ON, 8.0) == 0.5


def test_availability_is_years_to_retirement_over_horizon():
    assert availability(days_after(365), ON, 3.0) == pytest.approx(365 / 365.25 / 3)


def test_availability_is_zero_when_retiring_today():
    assert availability(ON, ON, 3.0) == 0.0


def test_availability_is_zero_when_retired_in_the_past():
    assert availability(ON - 100 * DAY, ON, 3.0) == 0.0


def test_availability_horizon_defaults_to_three_years():
    assert availability(days_after(548), ON) == availability(days_after(548), ON, 3.0)


@pytest.mark.parametrize("horizon", [0.0, -1.0, float("nan")])
def test_availability_rejects_non_positive_horizon(horizon):
    with pytest.raises(ValueError):
        availability(None, ON, horizon)


# --- score_process: effective coverage, headcount, dependency ------------


def test_effective_and_qualified_sum_only_counting_holders():
    holders = [
        Holder(1, 4),
        Holder(2, 3, retires_on=days_after(1461)),
        Holder(3, 2),
        Holder(4, 4, active=False),
        Holder(5, 3, expires_on=ON),
    ]
    result = score(holders, required=4, horizon_years=8.0)
    assert result.effective == 1.5
    assert result.qualified == 2


def test_no_holders_is_critical_with_nobody_key():
    result = score([], required=2)
    assert result == ProcessScore(0.0, 0, 0, 100.0, "critical", ())


def test_required_two_with_one_full_holder_is_critical():
    result = score([Holder(1, 3)], required=2)
    assert result.effective == 1.0
    assert result.dependency == 100.0
    assert result.band == "critical"


def test_effective_exactly_one_from_partial_holders_gives_dependency_100():
    half = days_after(1461)  # a = 0.5 on an 8-year horizon
    holders = [Holder(1, 3, retires_on=half), Holder(2, 3, retires_on=half)]
    result = score(holders, required=3, horizon_years=8.0)
    assert result.effective == 1.0
    assert result.qualified == 2
    assert result.dependency == 100.0
    assert result.band == "critical"


def test_effective_exactly_required_gives_dependency_zero():
    result = score([Holder(1, 3), Holder(2, 4)], required=2)
    assert result.effective == 2.0
    assert result.dependency == 0.0
    assert result.band == "covered"


def test_effective_above_required_gives_dependency_zero():
    result = score([Holder(i, 3) for i in range(5)], required=3)
    assert result.dependency == 0.0


def test_effective_between_one_and_required_uses_linear_formula():
    holders = [Holder(1, 3), Holder(2, 3), Holder(3, 3, retires_on=days_after(1461))]
    result = score(holders, required=3, horizon_years=8.0)
    assert result.effective == 2.5
    assert result.dependency == 100 * (3 - 2.5) / (3 - 1)
    assert result.dependency == 25.0
    assert result.band == "watch"


def test_dependency_formula_is_not_rounded():
    holders = [Holder(1, 3), Holder(2, 3, retires_on=days_after(400))]
    result = score(holders, required=3)
    effective = 1.0 + (400 / 365.25) / 3.0
    assert result.effective == effective
    assert result.dependency == 100 * (3 - effective) / (3 - 1)


def test_dependency_exactly_fifty_is_high():
    holders = [Holder(1, 3), Holder(2, 3), Holder(3, 3, retires_on=days_after(1461))]
    result = score(holders, required=4, horizon_years=8.0)
    assert result.effective == 2.5
    assert result.dependency == 50.0
    assert result.band == "high"


@pytest.mark.parametrize("required", [1, 0, -3])
def test_required_below_two_raises(required):
    with pytest.raises(ValueError):
        score([Holder(1, 3)], required=required)


def test_negative_lapse_months_raises():
    with pytest.raises(ValueError):
        score([Holder(1, 3)], lapse_months=-1)


def test_score_process_accepts_a_generator_of_holders():
    result = score((Holder(i, 3) for i in (1, 2)), required=2)
    assert result.qualified == 2


def test_process_score_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        score([Holder(1, 3)]).band = "covered"  # type: ignore[misc]


# --- trainers ------------------------------------------------------------


def test_counting_level_four_holder_is_a_trainer():
    assert score([Holder(1, 4)]).trainers == 1


def test_level_three_holder_is_not_a_trainer():
    assert score([Holder(1, 3)]).trainers == 0


def test_level_four_retiring_today_is_not_a_trainer():
    result = score([Holder(1, 4, retires_on=ON)])
    assert result.trainers == 0
    assert result.qualified == 0


def test_level_four_retiring_within_horizon_is_still_a_trainer():
    assert score([Holder(1, 4, retires_on=days_after(100))]).trainers == 1


def test_expired_or_inactive_level_four_is_not_a_trainer():
    holders = [Holder(1, 4, expires_on=ON), Holder(2, 4, active=False)]
    assert score(holders).trainers == 0


def test_trainers_are_counted_per_holder():
    holders = [Holder(1, 4), Holder(2, 4), Holder(3, 3), Holder(4, 2)]
    assert score(holders, required=5).trainers == 2


# --- key persons ---------------------------------------------------------


def test_everyone_counting_is_key_when_effective_at_most_one():
    half = days_after(1461)
    holders = [
        Holder(9, 3, retires_on=half),
        Holder(4, 4, retires_on=half),
        Holder(7, 2),  # does not count, never key
    ]
    result = score(holders, required=3, horizon_years=8.0)
    assert result.effective == 1.0
    assert result.key_persons == (4, 9)


def test_single_holder_is_key():
    assert score([Holder(3, 4)]).key_persons == (3,)


def test_key_person_is_one_whose_loss_brings_effective_to_one_or_below():
    quarter = days_after(274)  # a ~= 0.25
    holders = [
        Holder(5, 3),
        Holder(2, 3, retires_on=quarter),
        Holder(9, 3, retires_on=quarter),
    ]
    result = score(holders, required=3)
    assert result.effective == pytest.approx(1.5, abs=1e-3)
    assert result.key_persons == (5,)


def test_loss_leaving_exactly_one_makes_a_key_person():
    # E = 2: losing either full holder leaves exactly 1.
    assert score([Holder(8, 3), Holder(1, 3)], required=3).key_persons == (1, 8)


def test_nobody_is_key_when_any_loss_leaves_more_than_one():
    holders = [Holder(1, 3), Holder(2, 4), Holder(3, 3)]
    assert score(holders, required=4).key_persons == ()


def test_key_persons_are_sorted_ascending():
    assert score([Holder(30, 3), Holder(10, 3)], required=5).key_persons == (10, 30)


# --- bands ---------------------------------------------------------------


def test_bands_constant_lists_bands_from_best_to_worst():
    assert BANDS == ("covered", "watch", "high", "critical")


@pytest.mark.parametrize(
    ("dependency", "band"),
    [
        (100.0, "critical"),
        (99.999, "high"),
        (50.0, "high"),
        (49.999999, "watch"),
        (1e-9, "watch"),
        (0.0, "covered"),
    ],
)
def test_band_thresholds(dependency, band):
    assert band_for(dependency) == band


@pytest.mark.parametrize("dependency", [-0.1, 100.1, float("nan")])
def test_band_for_rejects_out_of_range_dependency(dependency):
    with pytest.raises(ValueError):
        band_for(dependency)


# --- lapse ---------------------------------------------------------------


def test_lapse_none_ignores_practised_on():
    holders = [
        Holder(1, 3, practised_on=None),
        Holder(2, 3, practised_on=date(2000, 1, 1)),
    ]
    assert counts(holders[0], ON)
    assert counts(holders[1], ON, None)
    assert score(holders, lapse_months=None).qualified == 2
    assert score(holders, lapse_months=None) == score(
        [dataclasses.replace(h, practised_on=ON) for h in holders], lapse_months=12
    )


def test_practised_exactly_on_the_lapse_boundary_counts():
    assert counts(Holder(1, 3, practised_on=date(2025, 6, 15)), ON, lapse_months=12)


def test_practised_one_day_before_the_lapse_boundary_lapses():
    assert not counts(Holder(1, 3, practised_on=date(2025, 6, 14)), ON, lapse_months=12)


def test_never_practised_lapses_under_lapse_rule():
    assert not counts(Holder(1, 3, practised_on=None), ON, lapse_months=12)


def test_practised_recently_counts_under_lapse_rule():
    assert counts(Holder(1, 3, practised_on=ON - DAY), ON, lapse_months=1)


def test_lapse_boundary_clamps_to_month_end():
    on = date(2026, 3, 31)  # one month earlier is clamped to 2026-02-28
    assert counts(Holder(1, 3, practised_on=date(2026, 2, 28)), on, lapse_months=1)
    assert not counts(Holder(1, 3, practised_on=date(2026, 2, 27)), on, lapse_months=1)


def test_lapse_does_not_rescue_a_holder_failing_other_rules():
    holder = Holder(1, 2, practised_on=ON)
    assert not counts(holder, ON, lapse_months=12)


def test_lapse_rule_reduces_qualified_and_effective():
    holders = [
        Holder(1, 4, practised_on=ON - 10 * DAY),
        Holder(2, 4, practised_on=date(2024, 1, 1)),
        Holder(3, 4),
    ]
    result = score(holders, required=3, lapse_months=6)
    assert result.qualified == 1
    assert result.effective == 1.0
    assert result.trainers == 1
    assert result.key_persons == (1,)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 31), 2, date(2025, 11, 30)),
        (date(2026, 6, 15), 12, date(2025, 6, 15)),
        (date(2026, 6, 15), 0, date(2026, 6, 15)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_subtract_months_clamps_to_last_day_of_month(day, months, expected):
    assert subtract_months(day, months) == expected


# --- truck factor --------------------------------------------------------


def test_truck_factor_of_no_processes_is_zero():
    assert truck_factor({}, ON) == (0, ())


def test_truck_factor_of_single_holder_process_is_one():
    assert truck_factor({1: [Holder(7, 3)]}, ON) == (1, (7,))


def test_truck_factor_ties_remove_lowest_engineer_id_first():
    assert truck_factor({1: [Holder(7, 3), Holder(3, 4)]}, ON) == (2, (3, 7))


def test_truck_factor_removes_engineer_on_most_covered_processes_first():
    processes = {
        1: [Holder(1, 3), Holder(2, 3)],
        2: [Holder(1, 3), Holder(3, 3)],
        3: [Holder(1, 4)],
        4: [Holder(4, 3)],
    }
    # Remove 1 (3 processes) -> 1 uncovered; then 2, 3, 4 tie on one each.
    # Need more than 2 of 4 uncovered: remove 2 (2 uncovered), 3 (3 uncovered).
    assert truck_factor(processes, ON) == (3, (1, 2, 3))


def test_truck_factor_stops_once_more_than_half_uncovered():
    processes = {
        1: [Holder(1, 3), Holder(2, 3)],
        2: [Holder(1, 3), Holder(2, 3)],
        3: [Holder(3, 3), Holder(4, 3)],
        4: [Holder(3, 3), Holder(5, 3)],
        5: [Holder(3, 3), Holder(6, 3)],
    }
    # 3 (three processes) first, then 1 and 2 tie on two processes; 1 first.
    # After removing 3 and 1, nothing uncovered; removing 2 uncovers 1 and 2;
    # then 4, 5, 6 tie at one each: removing 4 makes 3 of 5 uncovered.
    assert truck_factor(processes, ON) == (4, (3, 1, 2, 4))


def test_truck_factor_is_zero_when_more_than_half_already_uncovered():
    processes = {
        1: [Holder(1, 2)],
        2: [Holder(2, 3, expires_on=ON)],
        3: [Holder(3, 3)],
    }
    assert truck_factor(processes, ON) == (0, ())


def test_truck_factor_exactly_half_uncovered_still_removes():
    processes = {1: [Holder(1, 1)], 2: [Holder(5, 3)]}
    assert truck_factor(processes, ON) == (1, (5,))


def test_truck_factor_ignores_holders_that_do_not_count():
    processes = {
        1: [Holder(1, 3, active=False), Holder(9, 3)],
        2: [Holder(1, 3, active=False), Holder(8, 3)],
        3: [Holder(1, 3, active=False), Holder(8, 3)],
    }
    # Inactive engineer 1 is on every process but is never picked.
    assert truck_factor(processes, ON) == (1, (8,))


def test_truck_factor_applies_lapse_rule():
    processes = {
        1: [Holder(1, 3, practised_on=date(2020, 1, 1)), Holder(2, 3, practised_on=ON)],
        2: [Holder(1, 3, practised_on=date(2020, 1, 1))],
    }
    assert truck_factor(processes, ON) == (2, (1, 2))
    assert truck_factor(processes, ON, lapse_months=12) == (1, (2,))


def test_truck_factor_accepts_generators():
    processes = {1: (Holder(i, 3) for i in (4, 2))}
    assert truck_factor(processes, ON) == (2, (2, 4))


# --- projection ----------------------------------------------------------


def test_projection_ignores_plans_due_after_until():
    holders = (Holder(1, 2),)
    plans = [PlannedLevel(1, 3, due_on=ON + DAY)]
    assert project(holders, plans, ON) == holders


def test_projection_delivers_plan_due_on_until():
    projected = project([Holder(1, 2)], [PlannedLevel(1, 3, due_on=ON)], ON)
    assert projected == (Holder(1, 3, expires_on=None, practised_on=ON),)


def test_projected_delivered_level_raises_qualified():
    holders = [Holder(1, 4), Holder(2, 2, expires_on=date(2027, 1, 1))]
    plans = [PlannedLevel(2, 3, due_on=ON - 10 * DAY)]
    before = score(holders, required=2)
    after = score(project(holders, plans, ON), required=2)
    assert (before.qualified, after.qualified) == (1, 2)
    assert after.band == "covered"


def test_projection_keeps_higher_existing_level():
    existing = Holder(1, 4, expires_on=date(2030, 1, 1), practised_on=date(2026, 1, 1))
    assert project([existing], [PlannedLevel(1, 3, due_on=ON)], ON) == (existing,)


def test_projection_keeps_equal_existing_level():
    existing = Holder(1, 3, practised_on=date(2026, 1, 1))
    assert project([existing], [PlannedLevel(1, 3, due_on=ON)], ON) == (existing,)


def test_projection_replaces_expired_higher_level():
    existing = Holder(1, 4, expires_on=ON - DAY, retires_on=date(2040, 1, 1))
    projected = project([existing], [PlannedLevel(1, 3, due_on=ON - 5 * DAY)], ON)
    assert projected == (
        Holder(
            1,
            3,
            expires_on=None,
            retires_on=date(2040, 1, 1),
            practised_on=ON - 5 * DAY,
        ),
    )


def test_projection_replaces_lapsed_higher_level_under_lapse_rule():
    existing = Holder(1, 4, practised_on=date(2020, 1, 1))
    plans = [PlannedLevel(1, 3, due_on=ON)]
    assert project([existing], plans, ON) == (existing,)
    assert project([existing], plans, ON, lapse_months=12) == (Holder(1, 3, practised_on=ON),)


def test_projection_adds_new_trainee_with_plan_details():
    plans = [PlannedLevel(5, 4, due_on=ON - DAY, retires_on=date(2035, 1, 1), active=True)]
    projected = project([Holder(1, 3)], plans, ON)
    assert projected == (
        Holder(1, 3),
        Holder(5, 4, expires_on=None, retires_on=date(2035, 1, 1), practised_on=ON - DAY),
    )


def test_projection_keeps_existing_trainee_retirement_and_activity():
    existing = Holder(1, 1, retires_on=date(2028, 1, 1), active=False)
    plan = PlannedLevel(1, 3, due_on=ON, retires_on=date(2050, 1, 1), active=True)
    (projected,) = project([existing], [plan], ON)
    assert projected.retires_on == date(2028, 1, 1)
    assert projected.active is False
    assert projected.level == 3


def test_projection_applies_plans_for_one_engineer_in_due_order():
    # Listed out of order: the level 4 due first has lapsed by `until`, so the
    # later level 3 replaces it.
    plans = [
        PlannedLevel(1, 3, due_on=ON - 5 * DAY),
        PlannedLevel(1, 4, due_on=ON - 60 * DAY),
    ]
    assert project([], plans, ON, lapse_months=1) == (Holder(1, 3, practised_on=ON - 5 * DAY),)


def test_projection_returns_tuple_and_leaves_other_holders_untouched():
    holders = [Holder(1, 3), Holder(2, 2)]
    projected = project(holders, [PlannedLevel(2, 4, due_on=ON)], ON)
    assert isinstance(projected, tuple)
    assert projected[0] is holders[0]
    assert holders[1] == Holder(2, 2)


def test_planned_level_defaults():
    plan = PlannedLevel(1, 3, ON)
    assert plan.retires_on is None
    assert plan.active is True


def test_a_plan_delivered_long_before_the_date_lapses_under_the_lapse_rule():
    until = date(2028, 6, 15)
    plan = PlannedLevel(2, 3, due_on=date(2027, 12, 14))
    projected = project([Holder(1, 4, practised_on=until)], [plan], until)
    assert score_process(projected, 2, until, lapse_months=6).qualified == 1
    assert score_process(projected, 2, until).qualified == 2


def test_a_plan_delivered_exactly_at_the_lapse_boundary_still_counts():
    until = date(2028, 6, 15)
    plan = PlannedLevel(2, 3, due_on=date(2027, 12, 15))
    projected = project([Holder(1, 4, practised_on=until)], [plan], until)
    assert score_process(projected, 2, until, lapse_months=6).qualified == 2


def test_a_trainee_retiring_before_the_projection_date_adds_nothing():
    plan = PlannedLevel(2, 3, due_on=ON - 30 * DAY, retires_on=ON - DAY)
    assert score([Holder(1, 4)]) == score(project([Holder(1, 4)], [plan], ON))


# --- first loss ----------------------------------------------------------


def test_first_loss_of_no_scores_is_none():
    assert first_loss([]) is None


def test_first_loss_is_smallest_qualified_headcount():
    scores = [score([Holder(i, 3) for i in range(n)], required=9) for n in (3, 1, 2)]
    assert first_loss(scores) == 1


def test_first_loss_accepts_a_generator():
    assert first_loss(s for s in [score([Holder(1, 3), Holder(2, 3)])]) == 2


# --- properties ----------------------------------------------------------

_offsets = st.none() | st.integers(min_value=-2000, max_value=2000)


@st.composite
def holder_lists(draw):
    count = draw(st.integers(min_value=0, max_value=8))
    ids = draw(st.lists(st.integers(1, 1000), min_size=count, max_size=count, unique=True))
    holders = []
    for engineer_id in ids:
        expires, retires, practised = draw(_offsets), draw(_offsets), draw(_offsets)
        holders.append(
            Holder(
                engineer_id,
                draw(st.integers(min_value=0, max_value=4)),
                expires_on=None if expires is None else days_after(expires),
                retires_on=None if retires is None else days_after(retires),
                active=draw(st.booleans()),
                practised_on=None if practised is None else days_after(practised),
            )
        )
    return holders


@settings(max_examples=300, deadline=None)
@given(
    holders=holder_lists(),
    required=st.integers(min_value=2, max_value=10),
    horizon=st.floats(min_value=0.1, max_value=10.0),
    lapse=st.none() | st.integers(min_value=0, max_value=36),
    new_level=st.sampled_from([3, 4]),
    new_retires=st.none() | st.integers(min_value=1, max_value=4000),
)
def test_score_properties(holders, required, horizon, lapse, new_level, new_retires):
    result = score_process(holders, required, ON, horizon, lapse)
    counting_ids = {h.engineer_id for h in holders if counts(h, ON, lapse)}

    assert 0.0 <= result.dependency <= 100.0
    assert result.band == band_for(result.dependency)
    assert set(result.key_persons) <= counting_ids
    assert list(result.key_persons) == sorted(result.key_persons)
    assert result.qualified == len(counting_ids)

    newcomer = Holder(
        max((h.engineer_id for h in holders), default=0) + 1,
        new_level,
        retires_on=None if new_retires is None else days_after(new_retires),
        practised_on=ON,
    )
    assert counts(newcomer, ON, lapse)
    grown = score_process([*holders, newcomer], required, ON, horizon, lapse)
    assert grown.dependency <= result.dependency
    assert grown.qualified == result.qualified + 1


# --- isolation -----------------------------------------------------------


# --- required certificates -------------------------------------------------


WELDING, CRANE = 10, 20  # two certificate types


def test_nothing_required_leaves_the_holder_as_it_is():
    holder = Holder(1, 3, expires_on=days_after(30))
    assert certified_until([], [HeldCertificate(WELDING, days_after(-400), days_after(-1))], ON) is None
    assert certify(holder, [], [], ON) is holder


def test_a_required_certificate_that_has_expired_stops_the_level_counting():
    held = [HeldCertificate(WELDING, days_after(-400), expires_on=days_after(-1))]
    holder = certify(Holder(1, 3), [WELDING], held, ON)
    assert holder.expires_on == days_after(-1)
    assert not counts(holder, ON)
    assert score([holder, Holder(2, 3)]).qualified == 1


def test_a_required_certificate_expiring_on_the_day_stops_it_like_a_level_expiring_that_day():
    held = [HeldCertificate(WELDING, days_after(-400), expires_on=ON)]
    assert not counts(certify(Holder(1, 3), [WELDING], held, ON), ON)
    held = [HeldCertificate(WELDING, days_after(-400), expires_on=ON + DAY)]
    assert counts(certify(Holder(1, 3), [WELDING], held, ON), ON)


def test_a_missing_required_certificate_means_the_holder_does_not_count():
    assert certified_until([WELDING], [], ON) == NOT_CERTIFIED
    held = [HeldCertificate(CRANE, days_after(-10))]  # another type does not stand in
    holder = certify(Holder(1, 4), [WELDING], held, ON)
    assert holder.expires_on == NOT_CERTIFIED and not counts(holder, ON)


def test_a_certificate_issued_after_the_day_is_not_held_on_it():
    held = [HeldCertificate(WELDING, ON + DAY)]
    assert certified_until([WELDING], held, ON) == NOT_CERTIFIED
    assert certified_until([WELDING], held, ON + DAY) is None


def test_the_holder_expiry_becomes_the_earlier_of_the_levels_and_the_certificates():
    held = [HeldCertificate(WELDING, days_after(-100), days_after(50))]
    assert certify(Holder(1, 3, expires_on=days_after(20)), [WELDING], held, ON).expires_on == days_after(20)
    assert certify(Holder(1, 3, expires_on=days_after(90)), [WELDING], held, ON).expires_on == days_after(50)
    assert certify(Holder(1, 3), [WELDING], held, ON).expires_on == days_after(50)


def test_a_renewed_certificate_wins_over_the_one_it_replaced_and_no_expiry_beats_any():
    old = HeldCertificate(WELDING, days_after(-800), days_after(-10))
    renewed = HeldCertificate(WELDING, days_after(-20), days_after(700))
    assert certified_until([WELDING], [renewed, old], ON) == days_after(700)
    lifelong = HeldCertificate(WELDING, days_after(-3000))
    assert certified_until([WELDING], [old, lifelong, renewed], ON) is None


def test_every_required_type_is_needed_and_the_earliest_expiry_rules():
    held = [
        HeldCertificate(WELDING, days_after(-100), days_after(300)),
        HeldCertificate(CRANE, days_after(-100), days_after(40)),
    ]
    assert certified_until([WELDING, CRANE], held, ON) == days_after(40)
    assert certified_until([WELDING, CRANE], held[:1], ON) == NOT_CERTIFIED


def test_a_planned_level_needs_the_certificate_too_when_applied_after_the_projection():
    until = days_after(200)
    plan = PlannedLevel(1, 3, due_on=days_after(100))
    [projected] = project([], [plan], until)
    held = [HeldCertificate(WELDING, days_after(-30), days_after(150))]  # expires before `until`
    assert counts(projected, until)
    assert not counts(certify(projected, [WELDING], held, until), until)


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.lists(
        st.tuples(st.sampled_from([WELDING, CRANE]), st.integers(-900, 30), st.none() | st.integers(1, 900)),
        max_size=5,
    ),
    required=st.sets(st.sampled_from([WELDING, CRANE])),
)
def test_certified_holder_counts_exactly_when_each_required_type_has_a_valid_certificate(offsets, required):
    held = [
        HeldCertificate(kind, days_after(issued), None if life is None else days_after(issued + life))
        for kind, issued, life in offsets
    ]
    valid = {c.type_id for c in held if c.issued_on <= ON and (c.expires_on is None or c.expires_on > ON)}
    assert counts(certify(Holder(1, 3), required, held, ON), ON) == (set(required) <= valid)


def test_scoring_module_loads_without_flask_or_sqlalchemy():
    code = textwrap.dedent(
        f"""
        import importlib.util
        import sys

        sys.modules["flask"] = None
        sys.modules["sqlalchemy"] = None
        spec = importlib.util.spec_from_file_location(
            "scoring_isolated", {str(SCORING_PATH)!r}
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["scoring_isolated"] = module
        spec.loader.exec_module(module)
        on = module.date.fromisoformat({ON.isoformat()!r})
        assert module.score_process([module.Holder(1, 3)], 2, on).band
        print("ok")
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"
