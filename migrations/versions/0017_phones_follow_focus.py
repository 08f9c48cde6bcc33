"""workshop: whether each phone goes to the statement in focus as the big screen moves

Added in place on SQLite: rebuilding the workshop table would delete, through
its foreign keys, every row that refers to it.

Revision ID: 0017
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "workshop", sa.Column("phones_follow_focus", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE workshop DROP COLUMN phones_follow_focus")
    else:
        op.drop_column("workshop", "phones_follow_focus")
