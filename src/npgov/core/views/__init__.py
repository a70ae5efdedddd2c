"""Pages of the core app; generic list/detail/edit/import views live in core.views.generic."""
