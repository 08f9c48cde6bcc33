# Placeholder while the accounts are built: replaced by the real sign-in.
from flask import abort

from . import bp


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    abort(404)


@bp.post("/sign-out")
def sign_out():
    abort(404)
