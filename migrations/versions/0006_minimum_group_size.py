"""workshop.min_group_size: the fewest people a group shown on its own may have

Results by group single people out when a group is small: one young person
among parent carers. Each workshop has a minimum (3 unless the facilitator
sets another, never below 2); smaller groups are folded into "Other groups"
or the breakdown is withheld (workshop/live/breakdowns.py).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHECK = "ck_workshop_min_group_size"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: rebuilding the workshop table would drop it, and with foreign keys on SQLite
        # deletes every row that refers to a dropped table. A column and its check can be added in place.
        op.execute(
            "ALTER TABLE workshop ADD COLUMN min_group_size INTEGER DEFAULT '3' NOT NULL "
            f"CONSTRAINT {CHECK} CHECK (min_group_size >= 2)"
        )
        return
    op.add_column("workshop", sa.Column("min_group_size", sa.Integer(), server_default="3", nullable=False))
    op.create_check_constraint(CHECK, "workshop", "min_group_size >= 2")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE workshop DROP COLUMN min_group_size")
        return
    op.drop_constraint(CHECK, "workshop", type_="check")
    op.drop_column("workshop", "min_group_size")
