"""The customer pool's moves: a customer going to the pool, claimed from it, or assigned from it."""
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import created_at, same_tenant_fk
from crm_platform.tenancy import TenantScoped

# to_pool: the daily job or a user put it in; claim: a pool member took it; assign: a manager gave it.
MOVES = ("to_pool", "claim", "assign")
# Why a customer went to the pool.
REASONS = ("inactive", "unsigned", "manual")


class PoolMove(TenantScoped, db.Model):
    """One move of a customer into or out of the pool: its timeline entry and the claim limit's count."""

    __tablename__ = "pool_moves"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("actor_id", "users.id"),
        same_tenant_fk("owner_id", "users.id"),
        Index("ix_pool_moves_tenant_customer", "tenant_id", "customer_id", "created_at"),
        Index("ix_pool_moves_tenant_owner_move", "tenant_id", "owner_id", "move", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    move: Mapped[str] = mapped_column(String(20))
    # Who did it; None for the daily job (the workspace itself).
    actor_id: Mapped[int | None]
    # to_pool: the owner it was taken from; claim and assign: the new owner.
    owner_id: Mapped[int | None]
    # The pool's unit at the time; history, like the audit trail's ids, so no foreign key keeps the unit alive.
    pool_unit_id: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(String(20))
    created_at = created_at()

    actor = relationship("User", foreign_keys="PoolMove.actor_id", primaryjoin="PoolMove.actor_id == User.id",
                         viewonly=True)
    owner = relationship("User", foreign_keys="PoolMove.owner_id", primaryjoin="PoolMove.owner_id == User.id",
                         viewonly=True)