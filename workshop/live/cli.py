"""`flask --app workshop workshops ...` and `retention run`: workshops, and how long they are kept."""

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from ..answers import cli_answers
from ..errors import NotFound
from ..extensions import db
from ..labels import PEOPLE, counted
from ..models import utcnow
from .broadcast import broadcaster
from .retention import erase_names, erase_review_tokens, workshops_to_review
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


@click.group("retention")
def retention_cli():
    """Keep data no longer than the settings say (RETENTION_NAMES_DAYS, RETENTION_WORKSHOPS_DAYS)."""


@retention_cli.command("run")
@with_appcontext
def run_command():
    """Erase names and phone tokens (reviews' too) that are due, and list the workshops due to be exported and deleted.

    Safe to run as often as you like: a cron job or systemd timer runs it daily (deploy/).
    """
    now = utcnow()
    names_days = current_app.config["RETENTION_NAMES_DAYS"]
    session = db.session
    erased = erase_names(session, now=now, kept_for=timedelta(days=names_days))
    reviews = erase_review_tokens(session, now=now, kept_for=timedelta(days=names_days))
    session.commit()
    if not erased:
        click.echo(f"No names to erase: none are left from workshops closed {names_days} days ago or more.")
    for workshop in erased:
        closed = workshop.closed_at.date().isoformat()
        click.echo(
            f"Erased the names and phone tokens of {counted(PEOPLE, workshop.people)} in workshop "
            f"{workshop.workshop_id}, “{workshop.title}” (closed on {closed})."
        )
    for review in reviews:
        closed = review.closed_at.date().isoformat()
        click.echo(
            f"Erased the phone tokens of {counted(PEOPLE, review.people)} who answered the review "
            f"“{review.title}” of workshop {review.workshop_id} (closed on {closed})."
        )
    workshops_days = current_app.config["RETENTION_WORKSHOPS_DAYS"]
    old = workshops_to_review(session, now=now, older_than=timedelta(days=workshops_days))
    if not old:
        click.echo(f"No workshop was created more than {workshops_days} days ago.")
        return
    click.echo(
        f"Created more than {workshops_days} days ago, for their facilitators to export and delete "
        "(`flask --app workshop workshops delete ID`):"
    )
    for workshop in old:
        click.echo(
            f"  {workshop.id}  “{workshop.title}”  created on {workshop.created_at.date().isoformat()}"
            f"  by {workshop.owner.email}"
        )
