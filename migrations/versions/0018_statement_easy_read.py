"""statement: its easy-read version, if it has one

Added in place on SQLite: rebuilding the statement table would delete, through
its foreign keys, every tag and rewording that refers to it.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("statement", sa.Column("easy_read", sa.Text(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE statement DROP COLUMN easy_read")
    else:
        op.drop_column("statement", "easy_read")
