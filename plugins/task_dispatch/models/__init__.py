"""The module's tables, every one `task_dispatch_<table>` and tenant-owned."""
from plugins.task_dispatch.models.batches import Batch
from plugins.task_dispatch.models.catalogue import CatalogueItem
from plugins.task_dispatch.models.policy import PolicyVersion
from plugins.task_dispatch.models.profiles import Certification, CustomerPerson, Profile
from plugins.task_dispatch.models.tasks import Assignment, Task

__all__ = ["Assignment", "Batch", "CatalogueItem", "Certification", "CustomerPerson", "PolicyVersion", "Profile",
           "Task"]
