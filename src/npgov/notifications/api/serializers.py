from __future__ import annotations

from rest_framework import serializers

from npgov.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text="The sentence in the request's language.")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "stage", "stage_label", "message", "title", "key", "url", "due", "note",
                  "unread", "read_at", "created_at"]  # fmt: skip
        read_only_fields = fields


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                help_text="The notifications to mark read; leave out to mark all.")  # fmt: skip


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()
