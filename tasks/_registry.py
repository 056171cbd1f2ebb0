"""Inspect entry point: every @task of the project and the local model provider.

Registered in pyproject.toml as `[project.entry-points.inspect_ai] tasks = "tasks._registry"`, so
`inspect eval tasks/hit_piece` and `--model local/...` work from any directory once installed.
"""

from inspect_ai._util.registry import RegistryInfo, registry_add, registry_info

from evals.providers import local as _local_model_provider  # noqa: F401  (registers local/...)
from tasks.hit_piece import hit_piece

PACKAGE = "tasks"


def _qualify(task_function: object) -> None:
    """Make `tasks/<name>` resolve in an editable install too.

    Inspect namespaces a task by its package only when the package's distribution has the
    package's name or lives in site-packages; an editable install of `incident-evals` is neither,
    so without this `inspect eval tasks/hit_piece` would work only from the repository root.
    """
    info = registry_info(task_function)
    if "/" not in info.name:
        registry_add(
            task_function,
            RegistryInfo(type="task", name=f"{PACKAGE}/{info.name}", metadata=info.metadata),
        )


for _task in (hit_piece,):
    _qualify(_task)
