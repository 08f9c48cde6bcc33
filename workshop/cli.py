"""`flask --app workshop db ...`: schema migrations."""

import click
from alembic import command
from flask.cli import with_appcontext

from .database import alembic_config, upgrade
from .extensions import db


@click.group("db")
def db_cli():
    """Manage the database schema."""


@db_cli.command("upgrade")
@with_appcontext
def upgrade_command():
    """Apply every migration not yet applied."""
    upgrade(db.engine)
    click.echo("The database is up to date.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What changed, in a few words.")
@with_appcontext
def revision_command(message):
    """Write a new migration from the difference between the models and the database."""
    upgrade(db.engine)
    command.revision(alembic_config(db.engine), message=message, autogenerate=True)
