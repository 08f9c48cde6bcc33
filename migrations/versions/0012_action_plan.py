"""The action plan: what will be done, by whom and by when, linked to a priority or a draft statement

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("due", sa.String(100), nullable=False),
        sa.Column("linked_kind", sa.String(10), nullable=True),
        sa.Column("linked_text", sa.Text(), nullable=True),
        sa.Column("priority_card_id", sa.Integer(), nullable=True),
        sa.Column("draft_statement_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "linked_kind IS NULL OR linked_kind IN ('priority', 'statement')", name="ck_action_linked_kind"
        ),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], name="fk_action_workshop_id_workshop", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["priority_card_id"], ["priority_card.id"], name="fk_action_priority_card_id_priority_card", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["draft_statement_id"],
            ["draft_statement.id"],
            name="fk_action_draft_statement_id_draft_statement",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_action"),
    )
    op.create_index("ix_action_workshop_id", "action", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("action")
