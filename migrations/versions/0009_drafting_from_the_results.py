"""draft: the rule for drafting from the room's results, the last change to undo, merged near-duplicates

Added in place on SQLite rather than in batch mode: rebuilding draft or
draft_statement would drop the table, and with foreign keys on SQLite delete
every theme and statement that refers to it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("draft", sa.Column("majority", sa.Integer(), server_default="50", nullable=False))
    op.add_column("draft", sa.Column("undo", sa.JSON(), nullable=True))
    op.add_column("draft_statement", sa.Column("also_from", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    op.drop_column("draft_statement", "also_from")
    op.drop_column("draft", "undo")
    op.drop_column("draft", "majority")
