"""An opportunity's stage history with the time spent in each stage, in words a reader understands."""
from crm_platform.sdk import gettext as _, ngettext

from plugins.sales_automation.pipelines.service import stage_durations, stages_of


def history(opportunity, now=None):
    """[{stage_id, stage_name, entered_at, left_at, moved_by_id, seconds}] oldest first."""
    names = {stage.id: stage.name for stage in stages_of(opportunity.pipeline_id)}
    return [{"stage_id": stay.stage_id, "stage_name": names.get(stay.stage_id, ""), "entered_at": stay.entered_at,
             "left_at": stay.left_at, "moved_by_id": stay.moved_by_id, "seconds": seconds}
            for stay, seconds in stage_durations(opportunity.id, now)]


def duration_text(seconds):
    """A stay's length as people say it: "3 days 4 hours", "2 hours 5 minutes", "under a minute"."""
    days, rest = divmod(max(0, int(seconds)), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(num)d day", "%(num)d days", days))
    if hours and len(parts) < 2:
        parts.append(ngettext("%(num)d hour", "%(num)d hours", hours))
    if minutes and not days and len(parts) < 2:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", minutes))
    return " ".join(parts) if parts else _("under a minute")
