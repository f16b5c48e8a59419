"""The API of "one dispute, one case": what intake found a case may belong to, and the clerk's
decisions on it (link, dismiss, merge, split; confirm or dismiss a collective case). The same
services as the case page; a case outside the caller's scope is named by its number only."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.cases import policies as P
from jiefen.cases.models import CollectiveProposal
from jiefen.cases.selectors import (
    RelatedCase,
    case_get_for_user,
    case_link_get_for_user,
    case_related_for_user,
    collective_proposal_get_for_user,
    collective_proposal_parts,
)
from jiefen.cases.services import (
    case_link_decide,
    case_merge,
    case_split,
    collective_confirm,
    collective_dismiss,
)
from jiefen.core.access import SIGNED_IN

LINK_API_ACTIONS = ("link", "dismiss", "merge", "split")


def _errors(e: DjangoValidationError) -> ValidationError:
    return ValidationError(
        e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages}
    )


class RelatedCaseSerializer(serializers.Serializer):
    """Another case; outside the caller's scope only `id`, `number` and `visible` (false)."""

    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    visible = serializers.BooleanField()
    status = serializers.CharField(required=False)
    category = serializers.CharField(required=False)
    employer = serializers.CharField(required=False)
    claimants = serializers.CharField(required=False)
    received_at = serializers.DateTimeField(required=False, allow_null=True)

    def to_representation(self, instance: RelatedCase):
        data = super().to_representation(instance)
        if not instance.visible:
            return {k: data[k] for k in ("id", "number", "visible")}
        return data


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="link.pk")
    kind = serializers.CharField(source="link.kind", help_text="duplicate, related or merged")
    state = serializers.CharField(source="link.state", help_text="suggested, confirmed")
    reason = serializers.CharField(source="link.reason")
    found_at = serializers.DateTimeField(source="link.found_at")
    is_later = serializers.BooleanField(
        help_text="this case is the later of the two (the one a merge folds in)"
    )
    can_act = serializers.BooleanField()
    other = RelatedCaseSerializer()


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(help_text="proposed, confirmed or dismissed")
    employer = serializers.CharField(source="employer.name")
    category = serializers.CharField()
    worker_count = serializers.IntegerField()
    found_at = serializers.DateTimeField()
    primary = serializers.CharField(source="primary.number", allow_null=True, default=None)


class RelatedOutputSerializer(serializers.Serializer):
    merged_into = RelatedCaseSerializer(allow_null=True)
    links = LinkSerializer(many=True)
    proposals = ProposalSerializer(many=True)


class CaseRelatedApi(APIView):
    """What a case may belong to: duplicates, related cases, collective proposals."""

    policies = {"GET": SIGNED_IN}

    @extend_schema(responses={200: RelatedOutputSerializer})
    def get(self, request, pk: int):
        case = case_get_for_user(user=request.user, pk=pk)
        return Response(
            RelatedOutputSerializer(case_related_for_user(user=request.user, case=case)).data
        )


class CaseLinkActionApi(APIView):
    """Decide on a link: `link` (confirm), `dismiss`, `merge` (a duplicate into the earlier
    case: one number, both timelines) or `split` (undo a merge; `note` required). Repeating a
    decision already taken changes nothing; 409 when someone took another meanwhile."""

    policies = {"POST": P.LINK}

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField(help_text="duplicate, related or merged")
        state = serializers.CharField(help_text="suggested, confirmed or dismissed")

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer})
    def post(self, request, pk: int, action: str):
        if action not in LINK_API_ACTIONS:
            raise ValidationError({"action": [f"未知操作：{action}"]})
        link = case_link_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data["note"]
        try:
            if action == "merge":
                case_merge(link=link, actor=request.user, note=note)
            elif action == "split":
                case_split(link=link, actor=request.user, note=note)
            else:
                case_link_decide(link=link, actor=request.user, decision=action, note=note)
        except DjangoValidationError as e:
            raise _errors(e) from e
        link.refresh_from_db()
        return Response(self.OutputSerializer(link).data)


class ProposalDetailSerializer(ProposalSerializer):
    cases = RelatedCaseSerializer(many=True)
    representatives = serializers.ListField(child=serializers.IntegerField())
    candidates = serializers.ListField(
        child=serializers.DictField(),
        help_text="the claimants who may be chosen as representatives: id, name, case",
    )


def _proposal_data(user, proposal: CollectiveProposal) -> dict:
    parts = collective_proposal_parts(user=user, proposal=proposal)
    return ProposalDetailSerializer(
        {
            "id": proposal.pk,
            "state": proposal.state,
            "employer": proposal.employer,
            "category": proposal.category,
            "worker_count": proposal.worker_count,
            "found_at": proposal.found_at,
            "primary": proposal.primary,
            "cases": parts["cases"],
            "representatives": [r.pk for r in parts["representatives"]],
            "candidates": [
                {"id": c.pk, "name": c.shown_name, "case": c.case.number}
                for c in parts["candidates"]
            ],
        }
    ).data


class CollectiveProposalApi(APIView):
    """A proposed collective case: its cases (outside one's scope by number only) and the
    workers who may be chosen as its representatives."""

    policies = {"GET": P.COLLECTIVE}

    @extend_schema(responses={200: ProposalDetailSerializer})
    def get(self, request, pk: int):
        proposal = collective_proposal_get_for_user(user=request.user, pk=pk)
        return Response(_proposal_data(request.user, proposal))


class CollectiveConfirmApi(APIView):
    """Confirm a collective case with 3–5 representatives (claimant ids): the cases merge into
    the earliest. Repeating it changes nothing."""

    policies = {"POST": P.COLLECTIVE}

    class InputSerializer(serializers.Serializer):
        representatives = serializers.ListField(
            child=serializers.IntegerField(), min_length=1, max_length=20
        )
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    @extend_schema(request=InputSerializer, responses={200: ProposalDetailSerializer})
    def post(self, request, pk: int):
        proposal = collective_proposal_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            collective_confirm(
                proposal=proposal,
                actor=request.user,
                representatives=data.validated_data["representatives"],
                note=data.validated_data["note"],
            )
        except DjangoValidationError as e:
            raise _errors(e) from e
        proposal.refresh_from_db()
        return Response(_proposal_data(request.user, proposal))


class CollectiveDismissApi(APIView):
    """Decide the cases are not one collective dispute (`note` required)."""

    policies = {"POST": P.COLLECTIVE}

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={200: ProposalDetailSerializer})
    def post(self, request, pk: int):
        proposal = collective_proposal_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            collective_dismiss(
                proposal=proposal, actor=request.user, note=data.validated_data["note"]
            )
        except DjangoValidationError as e:
            raise _errors(e) from e
        proposal.refresh_from_db()
        return Response(_proposal_data(request.user, proposal))
