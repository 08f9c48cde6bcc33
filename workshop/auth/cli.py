import click


@click.group("facilitator")
def facilitator_cli():
    """Manage facilitator accounts."""
