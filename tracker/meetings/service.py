"""Partner meetings: schedule, agenda and comments from both sides, action items recorded live,
an action turned into a training plan once the supplier confirms it, and closing with a snapshot.

Who may do what (DESIGN.md): the buyer admin schedules, edits, records actions and closes; both
sides add agenda points and comments; an action on a supplier process becomes a training plan
only when the supplier confirms trainee, trainer and dates. Records are reached through
`tracker.tenancy` (`own_meeting`, `own_action`); every write is audited in both organizations'
trails where both are concerned; the caller commits. A refusal raises `Refused` and writes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tracker import scoring
from tracker.audit import service as audit
from tracker.heatmap.service import Partner
from tracker.meetings import board as boards
from tracker.models import (
    ActionItem,
    AgendaPoint,
    Assessment,
    MeetingComment,
    MeetingSnapshot,
    Organization,
    PartnerMeeting,
    Partnership,
    Process,
    TrainingPlan,
    TrainingSession,
    User,
)
from tracker.models._types import utcnow
from tracker.models.meetings import ACTION_STATUSES, MEETING_KINDS, OWNER_SIDES, meeting_supplier
from tracker.partnerships.disclosure import person_labels, policy
from tracker.refusals import Refused
from tracker.tenancy import Scope, is_partner, own_meetings
from tracker.training import service as training

MAX_AGENDA_POINTS = 30


# --- reading ---------------------------------------------------------------------------------


def listing(scope: Scope, supplier_id: int | None = None) -> Select:
    """The organization's meetings, the latest first; a buyer may narrow them to one supplier."""
    statement = own_meetings(scope)
    if supplier_id is not None:
        statement = statement.where(
            PartnerMeeting.id.in_(
                select(meeting_supplier.c.meeting_id).where(meeting_supplier.c.supplier_id == supplier_id)
            )
        )
    return statement.order_by(PartnerMeeting.held_on.desc(), PartnerMeeting.id.desc())


def visible_suppliers(meeting: PartnerMeeting, scope: Scope) -> list[int]:
    """The meeting's suppliers whose data the acting side sees: all for the buyer, itself for a supplier."""
    if scope.is_buyer:
        return meeting.supplier_ids
    return [sid for sid in meeting.supplier_ids if sid == scope.organization_id]


def disclosures(session: Session, buyer_id: int, supplier_ids: list[int]) -> dict[int, str]:
    """The disclosure in force now per supplier; a supplier no longer a partner is absent."""
    rows = session.execute(
        select(Partnership.supplier_id, Partnership.disclosure)
        .join(Organization, Organization.id == Partnership.supplier_id)
        .where(is_partner(buyer_id), Partnership.supplier_id.in_(supplier_ids))
    )
    return dict(rows.all())


def snapshot(session: Session, meeting: PartnerMeeting) -> boards.Board | None:
    """The frozen board of a closed meeting."""
    row = session.scalar(select(MeetingSnapshot).where(MeetingSnapshot.meeting_id == meeting.id))
    return boards.Board.from_json(row.board) if row is not None else None


def live_board(
    session: Session, meeting: PartnerMeeting, supplier_ids: list[int], on: date, horizon: float, today: date
) -> boards.Board:
    """The board of these suppliers of the meeting as of `on` (the as-of view)."""
    partners = boards.partners_of(session, supplier_ids, disclosures(session, meeting.buyer_id, supplier_ids))
    return boards.build(session, partners, on, horizon, today)


def board_for(
    session: Session,
    meeting: PartnerMeeting,
    scope: Scope,
    on: date,
    today: date,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> boards.Board:
    """What the acting side sees: a closed meeting's snapshot, else the as-of board on `on`.

    For a buyer, only the suppliers still partners (ending a partnership ends the view).
    """
    supplier_ids = visible_suppliers(meeting, scope)
    in_force = disclosures(session, meeting.buyer_id, supplier_ids)
    if scope.is_buyer:
        supplier_ids = [sid for sid in supplier_ids if sid in in_force]
    frozen = snapshot(session, meeting)
    if frozen is not None:
        return frozen.only(supplier_ids)
    return boards.build(session, boards.partners_of(session, supplier_ids, in_force), on, horizon, today)


def labels(session: Session, meeting: PartnerMeeting, scope: Scope, board: boards.Board) -> dict[int, str]:
    """How the board's key persons appear: by name to their own supplier; to the buyer, as the
    disclosure in force now allows (nothing under aggregate, or once the partnership ended)."""
    result: dict[int, str] = {}
    in_force = disclosures(session, meeting.buyer_id, [p.supplier_id for p in board.partners])
    for partner in board.partners:
        ids = {pid for line in board.critical(partner.supplier_id) for pid in line.key_persons}
        if not ids:
            continue
        level = "named" if not scope.is_buyer else in_force.get(partner.supplier_id, "aggregate")
        if policy(level).people:
            result.update(person_labels(session, meeting.buyer_id, partner.supplier_id, level, ids))
    return result


def previous_meeting(session: Session, meeting: PartnerMeeting) -> PartnerMeeting | None:
    """The buyer's latest closed meeting before this one sharing one of its suppliers."""
    shared = select(meeting_supplier.c.meeting_id).where(
        meeting_supplier.c.supplier_id.in_(meeting.supplier_ids)
    )
    return session.scalar(
        select(PartnerMeeting)
        .where(
            PartnerMeeting.buyer_id == meeting.buyer_id,
            PartnerMeeting.status == "closed",
            PartnerMeeting.id != meeting.id,
            PartnerMeeting.held_on <= meeting.held_on,
            PartnerMeeting.id.in_(shared),
        )
        .order_by(PartnerMeeting.held_on.desc(), PartnerMeeting.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class BandChange:
    line: boards.Line
    before: str

    @property
    def improved(self) -> bool:
        return scoring.BANDS.index(self.line.band) < scoring.BANDS.index(self.before)


@dataclass(frozen=True)
class Changes:
    since: date
    until: date
    improved: list[BandChange]
    worsened: list[BandChange]
    delivered: list[TrainingPlan]  # plans closed as done since
    overdue: list[TrainingPlan]  # plans that fell due since and are still open
    new_key_persons: list[tuple[boards.Line, tuple[int, ...]]]

    @property
    def empty(self) -> bool:
        return not (self.improved or self.worsened or self.delivered or self.overdue or self.new_key_persons)


def changes_since(
    session: Session, previous: PartnerMeeting, before: boards.Board, now: boards.Board, today: date
) -> Changes:
    """What changed since the previous meeting (its frozen board `before`) up to the board `now`:
    bands of critical processes, new key persons, plans delivered since it closed, plans that
    fell due since its date and are still open."""
    improved, worsened, new_key = [], [], []
    for line in now.critical():
        old = before.line(line.process_id)
        if old is None:
            continue
        if old.band != line.band:
            change = BandChange(line, old.band)
            (improved if change.improved else worsened).append(change)
        added = tuple(sorted(set(line.key_persons) - set(old.key_persons)))
        if added:
            new_key.append((line, added))
    supplier_ids = [p.supplier_id for p in now.partners]
    # Delivered after the previous meeting: after its day, or after its closing if that came sooner.
    after = boards.end_of(before.on)
    if previous.closed_at is not None:
        after = min(after, previous.closed_at)
    done = [
        TrainingPlan.supplier_id.in_(supplier_ids),
        TrainingPlan.status == "done",
        TrainingPlan.closed_at > after,
    ]
    if now.on < today:
        done.append(TrainingPlan.closed_at < boards.end_of(now.on))
    delivered = session.scalars(select(TrainingPlan).where(*done).order_by(TrainingPlan.closed_at)).all()
    overdue = session.scalars(
        select(TrainingPlan)
        .where(
            TrainingPlan.supplier_id.in_(supplier_ids),
            TrainingPlan.open_on(now.on, today),
            TrainingPlan.due_on >= before.on,
            TrainingPlan.due_on < now.on,
        )
        .order_by(TrainingPlan.due_on)
    ).all()
    return Changes(before.on, now.on, improved, worsened, list(delivered), list(overdue), new_key)


# --- action items: their state and follow-through ----------------------------------------------


def delivered_on(action: ActionItem) -> date | None:
    """When the action was delivered: closed as done, or its training plan done."""
    if action.status == "done":
        return action.closed_on
    plan = action.plan
    if action.status == "open" and plan is not None and plan.status == "done":
        return plan.closed_at.date() if plan.closed_at else plan.due_on
    return None


def state(action: ActionItem, today: date) -> str:
    """ "on_time", "late", "open", "overdue" or "dropped": how the action stands on `today`."""
    if action.status == "dropped":
        return "dropped"
    done = delivered_on(action)
    if done is not None or action.status == "done":
        return "late" if action.due_on and done and done > action.due_on else "on_time"
    return "overdue" if action.due_on and action.due_on < today else "open"


@dataclass(frozen=True)
class Progress:
    sessions: int
    hours: float
    last: date | None


def plan_progress(session: Session, plans: list[int]) -> dict[int, Progress]:
    """Logged sessions per plan: how many, the hours, the last day."""
    rows = session.execute(
        select(
            TrainingSession.plan_id,
            func.count(),
            func.coalesce(func.sum(TrainingSession.hours), 0.0),
            func.max(TrainingSession.held_on),
        )
        .where(TrainingSession.plan_id.in_(plans))
        .group_by(TrainingSession.plan_id)
    )
    return {plan_id: Progress(n, float(hours), last) for plan_id, n, hours, last in rows}


def actions_of(session: Session, meeting: PartnerMeeting, scope: Scope) -> list[ActionItem]:
    """The meeting's action items the acting side reaches, in the order recorded."""
    return list(
        session.scalars(
            select(ActionItem)
            .where(
                ActionItem.meeting_id == meeting.id,
                ActionItem.supplier_id.in_(visible_suppliers(meeting, scope)),
            )
            .order_by(ActionItem.id)
        )
    )


def earlier_actions(
    session: Session, meeting: PartnerMeeting, scope: Scope, previous: PartnerMeeting | None
) -> list[ActionItem]:
    """Items of the pair's earlier meetings to follow up: still open, or closed since the
    `previous` meeting (`previous_meeting`, which the caller has looked up already)."""
    earlier = select(PartnerMeeting.id).where(
        PartnerMeeting.buyer_id == meeting.buyer_id,
        PartnerMeeting.id != meeting.id,
        PartnerMeeting.held_on <= meeting.held_on,
    )
    items = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.meeting_id.in_(earlier),
            ActionItem.supplier_id.in_(visible_suppliers(meeting, scope)),
        )
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    ).all()
    since = previous.held_on if previous else None
    return [
        item
        for item in items
        if item.status == "open"
        or since is None
        or item.meeting_id == (previous.id if previous else None)
        or (item.closed_on or date.min) >= since
    ]


@dataclass(frozen=True)
class FollowThrough:
    supplier: Organization
    on_time: int
    late: int
    open: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open


def follow_through(session: Session, scope: Scope, today: date) -> list[FollowThrough]:
    """Per partner supplier, the buyer's action items delivered on time, late, and still open."""
    counts: dict[int, Counter] = {}
    suppliers: dict[int, Organization] = {}
    for action in session.scalars(
        select(ActionItem)
        .join(PartnerMeeting, PartnerMeeting.id == ActionItem.meeting_id)
        .where(PartnerMeeting.buyer_id == scope.organization_id)
    ):
        suppliers[action.supplier_id] = action.supplier
        kind = state(action, today)
        bucket = {"on_time": "on_time", "late": "late", "overdue": "late", "open": "open"}.get(kind)
        if bucket:
            counts.setdefault(action.supplier_id, Counter())[bucket] += 1
    return sorted(
        (FollowThrough(suppliers[sid], c["on_time"], c["late"], c["open"]) for sid, c in counts.items()),
        key=lambda f: f.supplier.name,
    )


def trend(session: Session, scope: Scope, supplier_id: int | None) -> list[tuple[PartnerMeeting, Counter]]:
    """Critical-process bands at each closed meeting: one supplier's (in any of its meetings), or
    with no supplier the buyer's portfolio reviews (all their suppliers together)."""
    statement = listing(scope, supplier_id).where(PartnerMeeting.status == "closed")
    points = []
    for meeting in reversed(session.scalars(statement).all()):
        if supplier_id is None and not meeting.is_portfolio:
            continue
        frozen = snapshot(session, meeting)
        if frozen is not None:
            points.append((meeting, frozen.bands(supplier_id)))
    return points


# --- writes ------------------------------------------------------------------------------------


def _text(values: dict[str, Any], name: str) -> str:
    return (values.get(name) or "").strip()


def _audit(
    session: Session,
    meeting: PartnerMeeting,
    user_id: int | None,
    action: str,
    entity: str,
    entity_id: int,
    changes: dict,
) -> None:
    for organization_id in (meeting.buyer_id, *meeting.supplier_ids):
        audit.record(session, organization_id, user_id, action, entity, entity_id, changes)


def _partners(session: Session, scope: Scope, supplier_ids: list[int]) -> list[Organization]:
    if not supplier_ids:
        raise Refused("no_supplier", "suppliers")
    found = (
        session.scalars(
            select(Organization)
            .join(Partnership, Partnership.supplier_id == Organization.id)
            .where(is_partner(scope.organization_id), Organization.id.in_(supplier_ids))
        )
        .unique()
        .all()
    )
    if len(found) != len(set(supplier_ids)):
        raise Refused("not_partner", "suppliers")
    return list(found)


def _check(values: dict[str, Any]) -> None:
    if not _text(values, "title"):
        raise Refused("title_required", "title")
    if values.get("kind") not in MEETING_KINDS:
        raise Refused("unknown_kind", "kind")
    if not isinstance(values.get("held_on"), date):
        raise Refused("date_required", "held_on")


def _agenda_lines(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_AGENDA_POINTS:
        raise Refused("agenda_too_long", "agenda", limit=MAX_AGENDA_POINTS)
    if any(len(line) > 500 for line in lines):
        raise Refused("agenda_point_too_long", "agenda")
    return lines


def schedule(session: Session, scope: Scope, user_id: int | None, values: dict[str, Any]) -> PartnerMeeting:
    """Schedule a meeting with one partner supplier or several (a portfolio review).

    `values`: suppliers (ids), held_on, title, kind, buyer_attendees, supplier_attendees,
    agenda (one point per line: the view pre-fills the standard agenda in the user's language).
    """
    _check(values)
    suppliers = _partners(session, scope, list(values.get("suppliers") or []))
    lines = _agenda_lines(values.get("agenda", ""))
    meeting = PartnerMeeting(
        buyer_id=scope.organization_id,
        held_on=values["held_on"],
        title=_text(values, "title"),
        kind=values["kind"],
        buyer_attendees=_text(values, "buyer_attendees"),
        supplier_attendees=_text(values, "supplier_attendees"),
        created_by=user_id,
    )
    meeting.suppliers = suppliers
    meeting.agenda = [
        AgendaPoint(organization_id=scope.organization_id, position=i, text=line)
        for i, line in enumerate(lines)
    ]
    session.add(meeting)
    session.flush()
    _audit(
        session,
        meeting,
        user_id,
        "schedule",
        "meeting",
        meeting.id,
        {"title": meeting.title, "held_on": meeting.held_on, "kind": meeting.kind},
    )
    return meeting


def _open(meeting: PartnerMeeting) -> None:
    if meeting.is_closed:
        raise Refused("meeting_closed")


def update(session: Session, meeting: PartnerMeeting, user_id: int | None, values: dict[str, Any]) -> None:
    """Change a scheduled meeting's date, title, kind, attendees or notes."""
    _open(meeting)
    _check(values)
    fields = {
        "held_on": values["held_on"],
        "title": _text(values, "title"),
        "kind": values["kind"],
        "buyer_attendees": _text(values, "buyer_attendees"),
        "supplier_attendees": _text(values, "supplier_attendees"),
        "notes": _text(values, "notes"),
    }
    changes = audit.diff(meeting, fields)
    if changes:
        _audit(session, meeting, user_id, "update", "meeting", meeting.id, changes)


def add_agenda_point(session: Session, scope: Scope, meeting: PartnerMeeting, text: str) -> AgendaPoint:
    """Either side adds a point to a scheduled meeting's agenda, at its end."""
    _open(meeting)
    text = (text or "").strip()
    if not text:
        raise Refused("point_required", "text")
    if len(text) > 500:
        raise Refused("agenda_point_too_long", "text")
    if len(meeting.agenda) >= MAX_AGENDA_POINTS:
        raise Refused("agenda_too_long", "text", limit=MAX_AGENDA_POINTS)
    point = AgendaPoint(
        organization_id=scope.organization_id,
        position=max((p.position for p in meeting.agenda), default=-1) + 1,
        text=text,
    )
    meeting.agenda.append(point)
    session.flush()
    return point


def visible_agenda(meeting: PartnerMeeting, scope: Scope) -> list[AgendaPoint]:
    """The buyer's points and the acting supplier's own (a portfolio review's suppliers don't see
    each other's); everything for the buyer."""
    if scope.is_buyer:
        return list(meeting.agenda)
    return [p for p in meeting.agenda if p.organization_id in (meeting.buyer_id, scope.organization_id)]


def comment(session: Session, scope: Scope, user: User, meeting: PartnerMeeting, body: str) -> MeetingComment:
    """A comment by either side (before, during or after the meeting)."""
    body = (body or "").strip()
    if not body:
        raise Refused("comment_required", "body")
    if len(body) > 4000:
        raise Refused("comment_too_long", "body")
    row = MeetingComment(
        meeting_id=meeting.id,
        organization_id=scope.organization_id,
        user_id=user.id,
        author=user.name,
        body=body,
    )
    session.add(row)
    session.flush()
    return row


def comments(session: Session, meeting: PartnerMeeting, scope: Scope) -> list[MeetingComment]:
    """The comments the acting side sees (as the agenda: a supplier sees the buyer's and its own)."""
    statement = select(MeetingComment).where(MeetingComment.meeting_id == meeting.id)
    if not scope.is_buyer:
        statement = statement.where(
            MeetingComment.organization_id.in_([meeting.buyer_id, scope.organization_id])
        )
    return list(session.scalars(statement.order_by(MeetingComment.created_at, MeetingComment.id)))


def record_action(
    session: Session, meeting: PartnerMeeting, user_id: int | None, values: dict[str, Any]
) -> ActionItem:
    """Record an agreed action. `values`: text, supplier_id (one of the meeting's; defaults to its
    only supplier), process_id (optional, that supplier's), owner_side, owner_name, due_on,
    plan_requested (propose it as a training plan; needs a process)."""
    _open(meeting)
    text = _text(values, "text")
    if not text:
        raise Refused("action_text_required", "text")
    supplier_id = values.get("supplier_id") or (
        meeting.supplier_ids[0] if len(meeting.supplier_ids) == 1 else None
    )
    if supplier_id not in meeting.supplier_ids:
        raise Refused("action_supplier", "supplier_id")
    process_id = values.get("process_id")
    if process_id is not None:
        process = session.get(Process, process_id)
        if process is None or process.supplier_id != supplier_id:
            raise Refused("action_process", "process_id")
    if values.get("owner_side") not in OWNER_SIDES:
        raise Refused("owner_side", "owner_side")
    requested = bool(values.get("plan_requested"))
    if requested and process_id is None:
        raise Refused("plan_needs_process", "plan_requested")
    action = ActionItem(
        meeting_id=meeting.id,
        supplier_id=supplier_id,
        process_id=process_id,
        text=text,
        owner_side=values["owner_side"],
        owner_name=_text(values, "owner_name"),
        due_on=values.get("due_on"),
        plan_requested=requested,
    )
    session.add(action)
    session.flush()
    for organization_id in (meeting.buyer_id, supplier_id):
        audit.record(
            session,
            organization_id,
            user_id,
            "create",
            "action",
            action.id,
            {"text": text, "due_on": action.due_on, "owner_side": action.owner_side},
        )
    return action


def set_action_status(
    session: Session, action: ActionItem, user_id: int | None, values: dict[str, Any], today: date
) -> None:
    """Mark an action done, dropped or open again, with its closing evidence.

    `values`: status, evidence, closed_on (defaults to today; never in the future).
    """
    status = values.get("status")
    if status not in ACTION_STATUSES:
        raise Refused("action_status", "status")
    evidence = _text(values, "evidence")
    closed_on = values.get("closed_on") or today if status != "open" else None
    if closed_on and closed_on > today:
        raise Refused("in_future", "closed_on")
    if status == "done" and not evidence and action.plan is None:
        raise Refused("evidence_required", "evidence")
    changes = audit.diff(action, {"status": status, "evidence": evidence, "closed_on": closed_on})
    if changes:
        meeting = session.get(PartnerMeeting, action.meeting_id)
        for organization_id in (meeting.buyer_id, action.supplier_id):
            audit.record(session, organization_id, user_id, "update", "action", action.id, changes)


def make_plan(
    session: Session, scope: Scope, user_id: int | None, action: ActionItem, values: dict[str, Any]
) -> TrainingPlan:
    """The supplier confirms an action as a training plan: validated like any plan, linked back.

    `values`: trainee_id, trainer_id, target_level, starts_on, due_on, notes (the process is the action's).
    """
    if scope.is_buyer or action.supplier_id != scope.organization_id:
        raise Refused("not_own_action")
    if action.process_id is None:
        raise Refused("plan_needs_process")
    if action.training_plan_id is not None:
        raise Refused("action_has_plan")
    if action.status != "open":
        raise Refused("action_closed")
    plan = training.create_plan(session, scope, user_id, {**values, "process_id": action.process_id})
    notes = plan.notes
    plan.notes = (notes + "\n" if notes else "") + f"#{action.id} {action.text}"[:500]
    action.training_plan_id = plan.id
    meeting = session.get(PartnerMeeting, action.meeting_id)
    for organization_id in (meeting.buyer_id, action.supplier_id):
        audit.record(
            session, organization_id, user_id, "update", "action", action.id, {"training_plan": plan.id}
        )
    return plan


def close(
    session: Session,
    meeting: PartnerMeeting,
    user_id: int | None,
    today: date,
    horizon: float = scoring.DEFAULT_HORIZON_YEARS,
) -> MeetingSnapshot:
    """Close a meeting that has taken place, freezing its board as of its date (every supplier's,
    under the disclosure in force now). The snapshot is written once and never rewritten."""
    _open(meeting)
    if meeting.held_on > today:
        raise Refused("meeting_ahead", day=meeting.held_on)
    board = live_board(session, meeting, meeting.supplier_ids, meeting.held_on, horizon, today)
    frozen = MeetingSnapshot(meeting_id=meeting.id, taken_on=meeting.held_on, board=board.to_json())
    session.add(frozen)
    meeting.status = "closed"
    meeting.closed_at = utcnow()
    session.flush()
    _audit(session, meeting, user_id, "close", "meeting", meeting.id, {"status": ["scheduled", "closed"]})
    return frozen


def partners_for_form(session: Session, scope: Scope) -> list[Partner]:
    """The buyer's partner suppliers, to choose a meeting's from."""
    rows = session.execute(
        select(Organization.id, Organization.code, Organization.name, Partnership.disclosure)
        .join(Partnership, Partnership.supplier_id == Organization.id)
        .where(is_partner(scope.organization_id))
        .order_by(Organization.name)
    )
    return [Partner(*row) for row in rows]


def meeting_processes(session: Session, meeting: PartnerMeeting) -> list[Process]:
    """The processes of the meeting's suppliers, for an action item (critical ones first)."""
    return list(
        session.scalars(
            select(Process)
            .join(Organization, Organization.id == Process.supplier_id)
            .where(Process.supplier_id.in_(meeting.supplier_ids))
            .order_by(Organization.name, Process.criticality, Process.code)
        )
    )


def first_day(session: Session, meeting: PartnerMeeting) -> date | None:
    """The earliest assessment of the meeting's suppliers: where the presenter's date slider starts."""
    return session.scalar(
        select(func.min(Assessment.assessed_on))
        .join(Process, Process.id == Assessment.process_id)
        .where(Process.supplier_id.in_(meeting.supplier_ids))
    )


def action_of_plan(session: Session, plan: TrainingPlan) -> ActionItem | None:
    """The meeting action a plan was made from (the plan's link back), if any."""
    return session.scalar(
        select(ActionItem).where(
            ActionItem.training_plan_id == plan.id, ActionItem.supplier_id == plan.supplier_id
        )
    )
