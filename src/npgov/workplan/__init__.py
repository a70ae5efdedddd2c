"""The cross-department work plan: plans as data, tasks, progress dispatch, supervision, KPIs."""
