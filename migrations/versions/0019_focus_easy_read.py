"""workshop: whether the big screen shows the statement in focus in easy read

Added in place on SQLite: rebuilding the workshop table would delete, through
its foreign keys, every row that refers to it.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workshop", sa.Column("focus_easy_read", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE workshop DROP COLUMN focus_easy_read")
    else:
        op.drop_column("workshop", "focus_easy_read")
