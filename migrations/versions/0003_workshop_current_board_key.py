"""Add the workshop's current-board foreign key where the first migration left it out

The first migration creates the workshop table before the board table, so the
key from workshop.current_board_id to board.id was marked to be added
afterwards, and on PostgreSQL it never was. SQLite, which accepts a key to a
table that does not exist yet, has it already.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAME = "fk_workshop_current_board_id_board"


def _has_key(bind) -> bool:
    return NAME in {key["name"] for key in sa.inspect(bind).get_foreign_keys("workshop")}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" and not _has_key(bind):
        op.create_foreign_key(NAME, "workshop", "board", ["current_board_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" and _has_key(bind):
        op.drop_constraint(NAME, "workshop", type_="foreignkey")
