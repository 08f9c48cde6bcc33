"""The priorities board: outcomes, cards in two columns, support and votes, and its stage

The workshop gets the stage "priorities" (after What's missing), the board's
phase and the number of votes each person has. On SQLite the stage's check
constraint is loosened in place, as SQLite's documentation describes for a
change that alters no stored row: rebuilding the workshop table in batch mode
would drop it, and with foreign keys on, delete everything in every workshop.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STAGES_BEFORE = ("lobby", "review", "missing", "merge", "closed")
STAGES_AFTER = ("lobby", "review", "missing", "priorities", "merge", "closed")


def _stages(values: tuple[str, ...]) -> str:
    return "stage IN ({})".format(", ".join(f"'{value}'" for value in values))


def _change_stages(before: tuple[str, ...], after: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_workshop_stage"), "workshop", type_="check")
        op.create_check_constraint(op.f("ck_workshop_stage"), "workshop", _stages(after))
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'workshop'").scalar()
    if _stages(before) not in sql:
        raise RuntimeError("The workshop table's stage constraint is not the one this migration changes.")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'workshop'",
        (sql.replace(_stages(before), _stages(after)),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _change_stages(STAGES_BEFORE, STAGES_AFTER)
    # Added in place, with server defaults and no constraints a rebuild would need.
    op.add_column("workshop", sa.Column("priorities_phase", sa.String(10), server_default="cards", nullable=False))
    op.add_column("workshop", sa.Column("votes_per_person", sa.Integer(), server_default="3", nullable=False))
    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], name="fk_outcome_workshop_id_workshop", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_outcome"),
    )
    op.create_index("ix_outcome_workshop_id", "outcome", ["workshop_id"])
    op.create_table(
        "priority_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("column_name", sa.String(10), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("column_name IN ('barrier', 'help')", name="ck_priority_card_column_name"),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name="fk_priority_card_outcome_id_outcome", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name="fk_priority_card_participant_id_participant", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_priority_card"),
    )
    op.create_index("ix_priority_card_outcome_id", "priority_card", ["outcome_id"])
    op.create_index("ix_priority_card_participant_id", "priority_card", ["participant_id"])
    for table in ("priority_support", "priority_vote"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("card_id", sa.Integer(), nullable=False),
            sa.Column("participant_id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["card_id"], ["priority_card.id"], name=f"fk_{table}_card_id_priority_card", ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["participant_id"], ["participant.id"], name=f"fk_{table}_participant_id_participant", ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
            sa.UniqueConstraint("card_id", "participant_id", name=f"uq_{table}_card_id"),
        )
        op.create_index(f"ix_{table}_participant_id", table, ["participant_id"])
    if op.get_bind().dialect.name != "sqlite":
        op.create_check_constraint(op.f("ck_workshop_priorities_phase"), "workshop", "priorities_phase IN ('cards', 'voting')")
        op.create_check_constraint(op.f("ck_workshop_votes_per_person"), "workshop", "votes_per_person BETWEEN 1 AND 20")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_workshop_votes_per_person"), "workshop", type_="check")
        op.drop_constraint(op.f("ck_workshop_priorities_phase"), "workshop", type_="check")
    for table in ("priority_vote", "priority_support", "priority_card", "outcome"):
        op.drop_table(table)
    # The schema before had no priorities stage: a room there goes back to What's missing.
    op.execute("UPDATE workshop SET stage = 'missing' WHERE stage = 'priorities'")
    op.drop_column("workshop", "votes_per_person")
    op.drop_column("workshop", "priorities_phase")
    _change_stages(STAGES_AFTER, STAGES_BEFORE)
