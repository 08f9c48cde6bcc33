"""`flask --app workshop charters seed`: load the example charters."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .seeding import seed_library


@click.group("charters")
def charters_cli():
    """Manage the charter library."""


@charters_cli.command("seed")
@click.option("--directory", default=None, help="Folder of charter files (default: seed_charters/).")
@with_appcontext
def seed_command(directory):
    """Load or update the example charters from their files."""
    report = seed_library(db.session, directory or current_app.config["SEED_CHARTERS_DIR"])
    db.session.commit()
    click.echo(f"Loaded or updated: {', '.join(report.loaded) or 'none'}")
    click.echo(f"Unchanged: {', '.join(report.unchanged) or 'none'}")
    for error in report.errors:
        click.echo(f"Not loaded: {error}", err=True)
    if report.errors:
        raise SystemExit(1)
