"""The client portal: sign-in, the client's account, the assistant's practice view."""

from portal.api import build_app
from portal.observability import observed
from portal.routes import auth, ledger, me, practice

app = build_app(auth.router, me.router, practice.router, ledger.router)


@observed
def lambda_handler(event, context):
    return app.resolve(event, context)
