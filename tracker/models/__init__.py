"""The data model, one module per aggregate; `metadata` holds every table (for Alembic and tests)."""

from tracker.models.audit import AuditEvent
from tracker.models.base import Base
from tracker.models.certificates import Certificate, CertificateType, certificate_type_process
from tracker.models.disclosure import EngineerAlias
from tracker.models.logins import LoginFailure
from tracker.models.meetings import (
    ActionItem,
    AgendaPoint,
    MeetingComment,
    MeetingSnapshot,
    PartnerMeeting,
    ShareLink,
)
from tracker.models.organizations import Organization, Partnership, User
from tracker.models.people import Engineer, EngineerStatusPeriod
from tracker.models.processes import Process, ProcessCategory
from tracker.models.scores import CurrentScore
from tracker.models.skills import Assessment, CurrentLevel
from tracker.models.training import TrainingPlan, TrainingSession
from tracker.models.versions import DataVersion

metadata = Base.metadata

__all__ = [
    "ActionItem",
    "AgendaPoint",
    "Assessment",
    "AuditEvent",
    "Base",
    "Certificate",
    "CertificateType",
    "CurrentLevel",
    "CurrentScore",
    "DataVersion",
    "Engineer",
    "EngineerAlias",
    "EngineerStatusPeriod",
    "LoginFailure",
    "MeetingComment",
    "MeetingSnapshot",
    "Organization",
    "PartnerMeeting",
    "Partnership",
    "Process",
    "ProcessCategory",
    "ShareLink",
    "TrainingPlan",
    "TrainingSession",
    "User",
    "certificate_type_process",
    "metadata",
]
