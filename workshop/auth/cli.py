"""`flask --app workshop facilitator ...`: accounts and API tokens for scripts."""

import click
from flask.cli import with_appcontext

from ..answers import cli_answers
from ..extensions import db
from .accounts import (
    DUPLICATE_EMAIL,
    create_facilitator,
    email_problem,
    find_facilitator,
    issue_api_token,
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
@with_appcontext
def token_command(email):
    """Print a new personal API token, to send as 'Authorization: Bearer TOKEN'.

    Only the token goes to standard output, so that a script can capture it.
    """
    facilitator = find_facilitator(db.session, email)
    if facilitator is None:
        raise click.ClickException("There is no facilitator account with this email address")
    token = issue_api_token(db.session, facilitator)
    db.session.commit()
    click.echo(token)
