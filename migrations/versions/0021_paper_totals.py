"""paper_total: the Borrow, Adapt and Ignore counted from paper sheets, per statement and group

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

GROUPS = ("parent_carer", "young_person", "education", "health", "social_care", "voluntary", "other")
PAPER_MOST = 500


def upgrade() -> None:
    groups = ", ".join(f"'{group}'" for group in GROUPS)
    op.create_table(
        "paper_total",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(20), nullable=True),
        sa.Column("borrow", sa.Integer(), nullable=False),
        sa.Column("adapt", sa.Integer(), nullable=False),
        sa.Column("ignore", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"group_name IN ({groups})", name="ck_paper_total_group_name"),
        sa.CheckConstraint(
            f"borrow BETWEEN 0 AND {PAPER_MOST} AND adapt BETWEEN 0 AND {PAPER_MOST} "
            f'AND "ignore" BETWEEN 0 AND {PAPER_MOST}',
            name="ck_paper_total_counts",
        ),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"], name="fk_paper_total_board_id_board", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["statement_id"], ["statement.id"], name="fk_paper_total_statement_id_statement", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_paper_total"),
        sa.UniqueConstraint("board_id", "statement_id", "group_name", name="uq_paper_total_board_id"),
    )
    op.create_index(
        "uq_paper_total_no_group",
        "paper_total",
        ["board_id", "statement_id"],
        unique=True,
        sqlite_where=sa.text("group_name IS NULL"),
        postgresql_where=sa.text("group_name IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("paper_total")
