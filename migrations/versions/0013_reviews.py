"""'Did we ...?' reviews of the adopted charter: when a draft was adopted, its reviews, their responses and answers

The draft's new column is added in place: rebuilding the draft table on SQLite
would delete every theme and statement that refers to it.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("draft", sa.Column("adopted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("key", sa.String(43), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name="fk_review_draft_id_draft", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_review"),
        sa.UniqueConstraint("key", name="uq_review_key"),
    )
    op.create_index("ix_review_draft_id", "review", ["draft_id"])
    groups = ", ".join(
        f"'{group}'"
        for group in ("parent_carer", "young_person", "education", "health", "social_care", "voluntary", "other")
    )
    op.create_table(
        "review_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("group_name", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"group_name IN ({groups})", name="ck_review_response_group_name"),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name="fk_review_response_review_id_review", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_response"),
        sa.UniqueConstraint("token_hash", name="uq_review_response_token_hash"),
    )
    op.create_index("ix_review_response_review_id", "review_response", ["review_id"])
    op.create_table(
        "review_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("draft_statement_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(10), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.CheckConstraint("value IN ('yes', 'partly', 'not_yet', 'dont_know')", name="ck_review_answer_value"),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["review_response.id"],
            name="fk_review_answer_response_id_review_response",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_statement_id"],
            ["draft_statement.id"],
            name="fk_review_answer_draft_statement_id_draft_statement",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_answer"),
        sa.UniqueConstraint("response_id", "draft_statement_id", name="uq_review_answer_response_id"),
    )
    op.create_index("ix_review_answer_response_id", "review_answer", ["response_id"])
    op.create_index("ix_review_answer_draft_statement_id", "review_answer", ["draft_statement_id"])


def downgrade() -> None:
    for table in ("review_answer", "review_response", "review"):
        op.drop_table(table)
    op.drop_column("draft", "adopted_at")
