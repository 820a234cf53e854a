"""The module's tables, every one `sales_automation_<table>` and tenant-owned."""
from plugins.sales_automation.models.competitors import Competitor, OpportunityCompetitor
from plugins.sales_automation.models.contracts import CollectionReminder, Contract, Instalment, Payment
from plugins.sales_automation.models.forecasts import ForecastAdjustment, Quota, ReportEmailOptOut, ReportEmailSent
from plugins.sales_automation.models.leads import Lead, LeadAssignee, LeadForm
from plugins.sales_automation.models.opportunities import Opportunity, Pipeline, Stage, StageStay
from plugins.sales_automation.models.quotes import Quote, QuoteLine
from plugins.sales_automation.models.todos import Todo

__all__ = [
    "CollectionReminder", "Competitor", "Contract", "ForecastAdjustment", "Instalment", "Lead", "LeadAssignee",
    "LeadForm", "Opportunity", "OpportunityCompetitor", "Payment", "Pipeline", "Quota", "Quote", "QuoteLine",
    "ReportEmailOptOut", "ReportEmailSent", "Stage", "StageStay", "Todo",
]
