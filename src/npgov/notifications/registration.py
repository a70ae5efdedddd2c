"""What the notifications app contributes to the registry: the reminder tick and the demo step."""

from __future__ import annotations

from npgov.core.registry import DataStep, Tick, registry


def register() -> None:
    from npgov.notifications.services import send_reminders

    registry.add_tick(Tick("reminders", send_reminders, order=50))
    registry.add_data_step(
        DataStep(
            "notifications-demo",
            "reminders waiting for the demo users",
            "npgov.notifications.demo.run_ticks_once",
            order=990,
            demo_only=True,
        )  # fmt: skip
    )
