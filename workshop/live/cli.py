"""`flask --app workshop workshops ...`: workshops from the command line."""

import click
from flask.cli import with_appcontext

from ..answers import cli_answers
from ..errors import NotFound
from ..extensions import db
from .broadcast import broadcaster
from .workshops import delete_workshop, get_workshop


@click.group("workshops")
def workshops_cli():
    """Manage workshops."""


@workshops_cli.command("delete")
@click.argument("workshop_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@cli_answers
def delete_command(workshop_id, yes):
    """Delete a workshop and everything in it, for good (its id is in the console's address)."""
    workshop = get_workshop(db.session, workshop_id)
    if workshop is None:
        raise NotFound("not_found", f"There is no workshop with the id {workshop_id}.")
    if not yes:
        click.confirm(
            f"Delete “{workshop.title}” ({workshop.code}) and everything in it, for good?", abort=True, err=True
        )
    deleted = delete_workshop(db.session, workshop)
    db.session.commit()
    # Screens still showing it hear of it through REDIS_URL's message queue, when there is one.
    broadcaster.workshop_deleted(deleted)
    click.echo(f"Deleted “{deleted.title}” and everything in it.")
