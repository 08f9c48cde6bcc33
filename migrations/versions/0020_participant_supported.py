"""participant: whether a supporter uses the phone on behalf of the person it counts for

Added in place on SQLite: rebuilding the participant table would delete, through
its foreign keys, every row that refers to it.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("participant", sa.Column("supported", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE participant DROP COLUMN supported")
    else:
        op.drop_column("participant", "supported")
