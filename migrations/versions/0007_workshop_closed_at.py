"""workshop.closed_at: when the room was closed, for erasing names a set time after

Participants' names and phone tokens are erased a set time after their
workshop closes (workshop/live/retention.py). A workshop closed before this
migration is taken to have closed now, so that its people's names are kept
for the whole period from here.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A column added in place on SQLite too: rebuilding the workshop table would delete, through
    # its foreign keys, every row that refers to it.
    op.add_column("workshop", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE workshop SET closed_at = CURRENT_TIMESTAMP WHERE stage = 'closed'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE workshop DROP COLUMN closed_at")
        return
    op.drop_column("workshop", "closed_at")
