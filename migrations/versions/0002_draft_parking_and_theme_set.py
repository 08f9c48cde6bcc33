"""draft: the theme set it started from, and parked statements

A statement taken out of the draft (or left over when its theme is removed)
is parked in the draft rather than deleted: it has no theme, and
parked_draft_id says whose it is.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme_set", sa.String(length=80), nullable=True))

    # On SQLite this rebuilds draft_statement. No earlier version could make a
    # draft, so there are no statements (or edits of them) to carry across.
    with op.batch_alter_table("draft_statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parked_draft_id", sa.Integer(), nullable=True))
        batch_op.alter_column("theme_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_draft_statement_parked_draft_id_draft"),
            "draft",
            ["parked_draft_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_draft_statement_parked_draft_id"), ["parked_draft_id"], unique=False)
        batch_op.create_check_constraint(
            batch_op.f("ck_draft_statement_placed_or_parked"), "(theme_id IS NULL) <> (parked_draft_id IS NULL)"
        )


def downgrade() -> None:
    # Parked statements have no theme to go back to.
    op.execute("DELETE FROM draft_statement WHERE theme_id IS NULL")
    with op.batch_alter_table("draft_statement", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_draft_statement_placed_or_parked"), type_="check")
        batch_op.drop_index(batch_op.f("ix_draft_statement_parked_draft_id"))
        batch_op.drop_constraint(batch_op.f("fk_draft_statement_parked_draft_id_draft"), type_="foreignkey")
        batch_op.alter_column("theme_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("parked_draft_id")

    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("theme_set")
