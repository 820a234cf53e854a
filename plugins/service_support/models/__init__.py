"""The module's tables, every one `service_support_<table>` and tenant-owned."""
from plugins.service_support.models.followups import FollowUp, Survey
from plugins.service_support.models.knowledge import Article, CannedReply
from plugins.service_support.models.requirements import Requirement, RequirementAnswer, RequirementVote
from plugins.service_support.models.sla import SlaPolicy
from plugins.service_support.models.tickets import Ticket, TicketAttachment, TicketEvent, TicketMessage, TicketPause

__all__ = [
    "Article", "CannedReply", "FollowUp", "Requirement", "RequirementAnswer", "RequirementVote", "SlaPolicy", "Survey",
    "Ticket", "TicketAttachment", "TicketEvent", "TicketMessage", "TicketPause",
]
