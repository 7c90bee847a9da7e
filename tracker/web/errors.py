"""Generic error pages: a short message, never a traceback."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker.tenancy import NotFound

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist, or you do not have access to it."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}


def render_error(code: int, message: str | None = None):
    text = message or MESSAGES.get(code, MESSAGES[500])
    if request_ctx.url_adapter is None:  # a host not in TRUSTED_HOSTS: no link can be built
        return Response(str(text), code, mimetype="text/plain"), code
    return render_template("errors/error.html", code=code, message=text), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return render_error(400, _l("The form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(NotFound)
    def not_found(_error: NotFound):
        return render_error(404)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
