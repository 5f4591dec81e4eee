"""Every table of the service, imported in one place for Alembic and create_all."""

from callbacks.models import CallbackRequest  # noqa: F401
from ivr.models import Call, CallEvent, FlowVersion, Recording  # noqa: F401
from transcripts.models import Transcript  # noqa: F401
