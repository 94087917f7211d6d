"""The intake questionnaire's API: POST /api/intake."""

from portal.api import build_app
from portal.observability import observed
from portal.routes import intake
from portal.settings import require

require()  # the global variables only

app = build_app(intake.router)


@observed
def lambda_handler(event, context):
    return app.resolve(event, context)
