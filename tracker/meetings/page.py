"""What a meeting's pages show (meeting mode, the handout, a share link): one builder, so that
every way of seeing a meeting shows the same thing within the same disclosure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import get_locale
from sqlalchemy.orm import Session

from tracker.heatmap import charts
from tracker.heatmap.figures import buyer_figure
from tracker.meetings import service
from tracker.meetings.board import Board, Line
from tracker.meetings.texts import why_red
from tracker.models import ActionItem, PartnerMeeting
from tracker.tenancy import Scope

RED = ("critical", "high")


@dataclass
class MeetingPage:
    meeting: PartnerMeeting
    board: Board
    frozen: bool  # the board is the closed meeting's snapshot
    persons: dict[int, str]  # key persons' labels, within the disclosure
    why: list[tuple[Line, str]]  # the red critical processes, worst first, with "why red" in words
    previous: PartnerMeeting | None
    changes: service.Changes | None
    actions: list[ActionItem]
    earlier: list[ActionItem]  # earlier meetings' items to follow up
    progress: dict[int, service.Progress]
    today: date
    figure: dict = field(default_factory=dict)

    @property
    def figure_json(self) -> str:
        return charts.to_json(self.figure)

    def state(self, action: ActionItem) -> str:
        return service.state(action, self.today)

    def named(self, engineer_ids) -> list[str]:
        """The labels of these engineers that the disclosure shows (none under aggregate)."""
        return [self.persons[i] for i in engineer_ids if i in self.persons]

    def without(self, engineer_ids) -> MeetingPage:
        """This page with these persons shown as counts only, as under aggregate."""
        hidden = set(engineer_ids)
        persons = {k: v for k, v in self.persons.items() if k not in hidden}
        return replace(
            self, persons=persons, why=[(line, why_red(line, persons)) for line, _words in self.why]
        )

    def supplier_name(self, supplier_id: int) -> str:
        return next((p.name for p in self.board.partners if p.supplier_id == supplier_id), "")


def as_of(meeting: PartnerMeeting, requested: date | None, today: date) -> date:
    """The presenter's date: the one asked for if not after today, else the meeting's (or today)."""
    latest = min(meeting.held_on, today)
    if requested is not None and requested <= today:
        return requested
    return latest


def build(
    session: Session,
    meeting: PartnerMeeting,
    scope: Scope,
    today: date,
    on: date,
    horizon: float,
    link_template: str = "",
) -> MeetingPage:
    """The meeting's page for the acting side as of `on` (ignored once the meeting is closed)."""
    board = service.board_for(session, meeting, scope, on, today, horizon)
    frozen = meeting.is_closed
    persons = service.labels(session, meeting, scope, board)
    why = [(line, why_red(line, persons)) for line in board.worst() if line.band in RED]
    previous = service.previous_meeting(session, meeting)
    changes = None
    if previous is not None:
        before = service.snapshot(session, previous)
        if before is not None:
            changes = service.changes_since(
                session, previous, before.only(p.supplier_id for p in board.partners), board, today
            )
    actions = service.actions_of(session, meeting, scope)
    earlier = service.earlier_actions(session, meeting, scope, previous)
    plans = [a.training_plan_id for a in actions + earlier if a.training_plan_id]
    page = MeetingPage(
        meeting=meeting,
        board=board,
        frozen=frozen,
        persons=persons,
        why=why,
        previous=previous,
        changes=changes,
        actions=actions,
        earlier=earlier,
        progress=service.plan_progress(session, plans) if plans else {},
        today=today,
    )
    page.figure = map_figure(board, link_template)
    return page


def map_figure(board: Board, link_template: str = "") -> dict:
    """The meeting's map: suppliers as rows, categories as columns (wide, for a screen), no fixed
    height (the page sizes it to the viewport); cells link to the drill-down when a template is given."""
    figure = buyer_figure(board.heatmap(), str(get_locale()), True, link_template or "{supplier}")
    layout = figure["layout"]
    layout.pop("height", None)
    if not link_template:
        layout.pop("meta", None)
    return figure
