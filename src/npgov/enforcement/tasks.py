"""Celery tasks of enforcement, for the worker's autodiscovery (which imports ``<app>.tasks`` only).

The tasks live beside their sub-area: product sampling's result import in ``products/tasks.py``.
"""

from npgov.enforcement.products.tasks import product_results_import_task

__all__ = ["product_results_import_task"]
