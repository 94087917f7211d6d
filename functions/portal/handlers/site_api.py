"""The site's read-only API: health, catalog, OpenAPI document."""

from portal.api import build_app
from portal.observability import observed
from portal.routes import meta
from portal.settings import require

require()  # the global variables only

app = build_app(meta.router)


@observed
def lambda_handler(event, context):
    return app.resolve(event, context)
