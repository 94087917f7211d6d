"""The intake questionnaire's API: POST /api/intake."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.api import build_app
from portal.observability import observed
from portal.routes import intake
from portal.settings import require

require()  # the global variables only

app = build_app(intake.router)


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
