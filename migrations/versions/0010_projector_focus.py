"""workshop: what the big screen shows (every statement, one in focus, or where the room agrees)

Kept in the database, so that every process, and a projector that reconnects,
shows the same. Added in place on SQLite: rebuilding the workshop table would
delete, through its foreign keys, every row that refers to it.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "workshop", sa.Column("projector_view", sa.String(length=10), server_default="overview", nullable=False)
    )
    op.add_column("workshop", sa.Column("focus_board_id", sa.Integer(), nullable=True))
    op.add_column("workshop", sa.Column("focus_statement_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in ("focus_statement_id", "focus_board_id", "projector_view"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE workshop DROP COLUMN {column}")
        else:
            op.drop_column("workshop", column)
