"""Every table of the service, imported in one place for Alembic and create_all."""

from accounts.models import AuditEvent, User  # noqa: F401
from callbacks.models import Attempt, CallbackRequest, LabelCorrection, Transition  # noqa: F401
from cases.models import Case, CaseNeed, Note, Organization, Referral, Task  # noqa: F401
from ivr.models import Call, CallEvent, FlowVersion, Recording  # noqa: F401
from transcripts.models import Transcript  # noqa: F401
