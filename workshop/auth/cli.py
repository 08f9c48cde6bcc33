"""`flask --app workshop facilitator ...`: accounts, and API tokens for scripts that expire and can be revoked."""

import click
from flask.cli import with_appcontext

from ..answers import cli_answers
from ..extensions import db
from ..models import utcnow
from .accounts import (
    DUPLICATE_EMAIL,
    create_facilitator,
    email_problem,
    find_facilitator,
    issue_api_token,
    revoke_api_tokens,
    token_lifetime,
)


@click.group("facilitator")
def facilitator_cli():
    """Manage facilitator accounts."""


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--password", help="The new account's password. Asked for, hidden, when not given.")
@with_appcontext
@cli_answers
def create_command(email, password):
    """Create a facilitator account."""
    # Check the address before asking for a password that would be wasted.
    problem = email_problem(email)
    if problem:
        raise click.ClickException(problem)
    if find_facilitator(db.session, email) is not None:
        raise click.ClickException(DUPLICATE_EMAIL)
    if password is None:
        password = click.prompt(
            "Password (12 characters or more)", hide_input=True, confirmation_prompt="Enter the password again"
        )
    create_facilitator(db.session, email, password)
    db.session.commit()
    click.echo("Facilitator account created.")


@facilitator_cli.command("token")
@click.argument("email")
@click.option(
    "--expires-in",
    "lifetime",
    default="90d",
    show_default=True,
    help="How long it works: hours, days or weeks, such as 24h, 90d or 12w (366 days at most).",
)
@with_appcontext
@cli_answers
def token_command(email, lifetime):
    """Print a new personal API token, to send as 'Authorization: Bearer TOKEN'.

    Only the token goes to standard output, so that a script can capture it; when it
    expires goes to standard error. Tokens are listed on the account page (/account).
    """
    facilitator = _facilitator(email)
    lifetime = token_lifetime(lifetime)
    token = issue_api_token(db.session, facilitator, lifetime)
    db.session.commit()
    click.echo(token)
    click.echo(f"It works until {(utcnow() + lifetime).strftime('%-d %B %Y at %H:%M')} UTC.", err=True)


@facilitator_cli.command("revoke")
@click.argument("email")
@click.option("--token", "token_id", type=int, help="Only the token with this number (from the account page).")
@with_appcontext
@cli_answers
def revoke_command(email, token_id):
    """Revoke the facilitator's API tokens that still work, or only one of them: they get 401 from then on."""
    facilitator = _facilitator(email)
    revoked = revoke_api_tokens(db.session, facilitator, token_id)
    db.session.commit()
    if not revoked:
        click.echo(f"{facilitator.email} has no API token that still works.")
        return
    click.echo(f"Revoked {revoked} API token{'s' if revoked != 1 else ''} of {facilitator.email}.")


def _facilitator(email: str):
    facilitator = find_facilitator(db.session, email)
    if facilitator is None:
        raise click.ClickException("There is no facilitator account with this email address")
    return facilitator
