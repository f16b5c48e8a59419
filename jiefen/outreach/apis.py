"""The outreach REST API (`/api/v1/outreach/`): registry, visits, warnings, all scoped."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiefen.accounts.models import User
from jiefen.cases.choices import Category
from jiefen.core.pagination import StandardPagination
from jiefen.geo.selectors import village_list_for_user
from jiefen.outreach import policies as P
from jiefen.outreach import selectors as sel
from jiefen.outreach import services
from jiefen.outreach.choices import (
    UNVISITED_PERIODS,
    CheckResult,
    EnterpriseKind,
    Severity,
    WageGuarantee,
)
from jiefen.outreach.importing import enterprise_import
from jiefen.outreach.services import EnterpriseInput


class EnterpriseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="employer.name")
    credit_code = serializers.CharField(source="employer.credit_code", allow_null=True)
    kind = serializers.CharField()
    village = serializers.CharField(source="village.code")
    grid_area = serializers.CharField(source="village.grid_area.code", default=None)
    address = serializers.CharField()
    headcount = serializers.IntegerField()
    contact_name = serializers.CharField()
    contact_phone_masked = serializers.CharField()
    general_contractor = serializers.CharField()
    project_name = serializers.CharField()
    wage_guarantee = serializers.CharField()
    wage_guarantee_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    wage_account = serializers.BooleanField()
    real_name_registration = serializers.BooleanField()
    wage_notice_board = serializers.BooleanField()
    planned_completion = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class EnterpriseListApi(APIView):
    """The registry within the caller's area; POST registers an enterprise."""

    policies = {"GET": P.VIEW, "POST": P.REGISTER}

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=EnterpriseKind.choices, required=False)
        grid = serializers.CharField(required=False)
        street = serializers.CharField(required=False)
        q = serializers.CharField(required=False)
        sort = serializers.CharField(required=False)

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        credit_code = serializers.CharField(max_length=18)
        kind = serializers.ChoiceField(choices=EnterpriseKind.choices)
        village = serializers.CharField(max_length=12, help_text="12-digit village code")
        address = serializers.CharField(required=False, allow_blank=True, default="")
        legal_representative = serializers.CharField(required=False, allow_blank=True, default="")
        headcount = serializers.IntegerField(min_value=0, default=0)
        contact_name = serializers.CharField(required=False, allow_blank=True, default="")
        contact_phone = serializers.CharField(required=False, allow_blank=True, default="")
        general_contractor = serializers.CharField(required=False, allow_blank=True, default="")
        project_name = serializers.CharField(required=False, allow_blank=True, default="")
        wage_guarantee = serializers.ChoiceField(
            choices=WageGuarantee.choices, default=WageGuarantee.NONE
        )
        wage_guarantee_amount = serializers.DecimalField(
            max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
        )
        wage_account = serializers.BooleanField(default=False)
        real_name_registration = serializers.BooleanField(default=False)
        wage_notice_board = serializers.BooleanField(default=False)
        planned_completion = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses={200: EnterpriseOutput(many=True)})
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = sel.enterprise_list(
            user=request.user, filters=sel.EnterpriseFilters(**f.validated_data)
        )
        paginator = StandardPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(EnterpriseOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: EnterpriseOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        village = village_list_for_user(user=request.user).filter(code=d.pop("village")).first()
        if village is None:
            raise serializers.ValidationError({"village": ["村社代码不存在或不在您的范围内"]})
        enterprise = services.enterprise_create(
            actor=request.user, data=EnterpriseInput(village=village, **d)
        )
        return Response(EnterpriseOutput(enterprise).data, status=status.HTTP_201_CREATED)


class EnterpriseDetailApi(APIView):
    """One enterprise; PATCH changes what the registry keeps, against the version you read (409
    naming who changed it, and what, when someone saved it since)."""

    policies = {"GET": P.VIEW, "PATCH": P.REGISTER}

    class UpdateSerializer(EnterpriseListApi.InputSerializer):
        name = None
        credit_code = None
        legal_representative = None
        version = serializers.IntegerField(help_text="the version you read")

    @extend_schema(responses={200: EnterpriseOutput})
    def get(self, request, pk: int):
        return Response(
            EnterpriseOutput(sel.enterprise_get_for_user(user=request.user, pk=pk)).data
        )

    @extend_schema(request=UpdateSerializer, responses={200: EnterpriseOutput})
    def patch(self, request, pk: int):
        enterprise = sel.enterprise_get_for_user(user=request.user, pk=pk)
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        if "version" not in d:
            raise serializers.ValidationError({"version": ["请提供您读取时的版本号"]})
        version = d.pop("version")
        village = enterprise.village
        if "village" in d:
            village = village_list_for_user(user=request.user).filter(code=d.pop("village")).first()
            if village is None:
                raise serializers.ValidationError({"village": ["村社代码不存在或不在您的范围内"]})
        current = {
            f: getattr(enterprise, f)
            for f in services.enterprise_input_fields()
            if f not in ("name", "credit_code", "village", "legal_representative", "contact_phone")
        }
        services.enterprise_update(
            enterprise=enterprise,
            actor=request.user,
            version=version,
            data=EnterpriseInput(name="", credit_code="", village=village, **{**current, **d}),
        )
        return Response(EnterpriseOutput(enterprise).data)


class EnterpriseImportApi(APIView):
    """Import an xlsx sheet; 400 with the row-by-row report when a row is bad and
    `good_rows_only` is not set (nothing is imported then)."""

    policies = {"POST": P.REGISTER}

    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        good_rows_only = serializers.BooleanField(default=False)

    class OutputSerializer(serializers.Serializer):
        class Row(serializers.Serializer):
            row = serializers.IntegerField()
            name = serializers.CharField()
            ok = serializers.BooleanField()
            errors = serializers.ListField(child=serializers.CharField())

        imported = serializers.IntegerField()
        file_error = serializers.CharField()
        rows = Row(many=True)

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer, 400: OutputSerializer}
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = enterprise_import(
            actor=request.user,
            content=data.validated_data["file"].read(),
            good_rows_only=data.validated_data["good_rows_only"],
        )
        bad = bool(report.file_error) or (report.bad_rows and not report.imported)
        return Response(
            report.as_dict(), status=status.HTTP_400_BAD_REQUEST if bad else status.HTTP_200_OK
        )


class VisitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.employer.name")
    visited_at = serializers.DateTimeField()
    visitor = serializers.CharField(source="visitor.display_name")
    checklist = serializers.DictField(child=serializers.CharField())
    findings = serializers.CharField()
    severity = serializers.CharField()
    headcount_seen = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


class VisitListApi(APIView):
    """Visits within the caller's area; POST records one."""

    policies = {"GET": P.VIEW, "POST": P.VISIT}

    class FilterSerializer(serializers.Serializer):
        grid = serializers.CharField(required=False)
        severity = serializers.ChoiceField(choices=Severity.choices, required=False)
        kind = serializers.ChoiceField(choices=EnterpriseKind.choices, required=False)
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

    class InputSerializer(serializers.Serializer):
        enterprise = serializers.IntegerField()
        plan = serializers.IntegerField(required=False, allow_null=True, default=None)
        visited_at = serializers.DateTimeField()
        companions = serializers.CharField(required=False, allow_blank=True, default="")
        checklist = serializers.DictField(
            child=serializers.ChoiceField(choices=CheckResult.choices)
        )
        findings = serializers.CharField(required=False, allow_blank=True, default="")
        severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.NONE)
        headcount_seen = serializers.IntegerField(
            min_value=0, required=False, allow_null=True, default=None
        )

    @extend_schema(parameters=[FilterSerializer], responses={200: VisitOutput(many=True)})
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        qs = sel.visit_list(user=request.user, filters=sel.VisitFilters(**f.validated_data))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(VisitOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: VisitOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        enterprise = sel.enterprise_get_for_user(user=request.user, pk=d.pop("enterprise"))
        plan_id = d.pop("plan")
        plan = sel.plan_get_for_user(user=request.user, pk=plan_id) if plan_id else None
        visit = services.visit_record(
            actor=request.user, enterprise=enterprise, visitor=request.user, plan=plan, **d
        )
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)


class VisitPhotoApi(APIView):
    """Attach a photo (JPEG, PNG or WebP, at most 10 MB) to a visit."""

    policies = {"POST": P.VISIT}

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()
        caption = serializers.CharField(required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        content_type = serializers.CharField()
        size = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, pk: int):
        visit = sel.visit_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > services.PHOTO_MAX_BYTES:
            raise serializers.ValidationError({"file": ["照片不能超过10MB"]})
        photo = services.visit_photo_add(
            visit=visit,
            actor=request.user,
            data=upload.read(),
            caption=data.validated_data["caption"],
        )
        return Response(self.OutputSerializer(photo).data, status=status.HTTP_201_CREATED)


class FollowUpCreateApi(APIView):
    policies = {"POST": P.VISIT}

    class InputSerializer(serializers.Serializer):
        task = serializers.CharField(max_length=200)
        owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
        due_on = serializers.DateField()

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        task = serializers.CharField()
        owner = serializers.IntegerField(source="owner_id")
        due_on = serializers.DateField()
        done_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, pk: int):
        visit = sel.visit_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = services.follow_up_create(
            visit=visit, actor=request.user, **data.validated_data
        )
        return Response(self.OutputSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpDoneApi(APIView):
    policies = {"POST": P.VISIT}

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses={200: FollowUpCreateApi.OutputSerializer})
    def post(self, request, pk: int):
        follow_up = sel.follow_up_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = services.follow_up_done(
            follow_up=follow_up, actor=request.user, note=data.validated_data["note"]
        )
        return Response(FollowUpCreateApi.OutputSerializer(follow_up).data)


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.employer.name")
    planned_for = serializers.DateField()
    assignee = serializers.IntegerField(source="assignee_id")
    status = serializers.CharField()
    note = serializers.CharField()


class PlanListApi(ListAPIView):
    """Planned visits of the caller's grid areas; POST plans one."""

    policies = {"GET": P.VIEW, "POST": P.VISIT}

    serializer_class = PlanOutput

    class InputSerializer(serializers.Serializer):
        enterprise = serializers.IntegerField()
        planned_for = serializers.DateField()
        assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(parameters=[OpenApiParameter("grid", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return sel.plan_list(
            user=self.request.user, grid=p.get("grid", ""), status=p.get("status", "planned")
        )

    @extend_schema(request=InputSerializer, responses={201: PlanOutput})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        enterprise = sel.enterprise_get_for_user(user=request.user, pk=d.pop("enterprise"))
        plan = services.visit_plan_create(actor=request.user, enterprise=enterprise, **d)
        return Response(PlanOutput(plan).data, status=status.HTTP_201_CREATED)


class UnvisitedApi(ListAPIView):
    """Enterprises of a grid area not visited within `days` (30, 90 or 180) days."""

    policies = {"GET": P.VIEW}

    class OutputSerializer(EnterpriseOutput):
        last_visit_at = serializers.DateTimeField(allow_null=True)

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("grid", str),
            OpenApiParameter("days", int, enum=list(UNVISITED_PERIODS)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        days = int(p["days"]) if p.get("days", "").isdigit() else 90
        if days not in UNVISITED_PERIODS:
            raise serializers.ValidationError({"days": ["期间应为30、90或180天"]})
        return sel.unvisited_list(user=self.request.user, grid_code=p.get("grid", ""), days=days)


class WarningOutput(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    level = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    evidence = serializers.SerializerMethodField()
    employer = serializers.CharField(source="employer.name")
    enterprise = serializers.IntegerField(source="enterprise_id", allow_null=True)
    village = serializers.CharField(source="village.code")
    grid_area = serializers.CharField(source="village.grid_area.code", default=None)
    owner = serializers.CharField(source="owner.display_name", default=None)
    raised_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    close_note = serializers.CharField()
    version = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number", default=None)

    def get_evidence(self, warning) -> list[dict]:
        request = self.context.get("request")
        if request is None:  # warning_get_for_user has already redacted it
            return warning.evidence
        return sel.evidence_for_user(user=request.user, evidence=warning.evidence)


class WarningListApi(ListAPIView):
    """Warnings within the caller's area (default: the open ones)."""

    policies = {"GET": P.VIEW}

    serializer_class = WarningOutput

    @extend_schema(
        parameters=[
            OpenApiParameter(n, str) for n in ("status", "level", "rule", "grid", "street", "q")
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        filters = sel.WarningFilters(
            **{k: p[k] for k in ("status", "level", "rule", "grid", "street", "q") if k in p}
        )
        return sel.warning_list(user=self.request.user, filters=filters)


class WarningDetailApi(APIView):
    policies = {"GET": P.VIEW}

    @extend_schema(responses={200: WarningOutput})
    def get(self, request, pk: int):
        return Response(WarningOutput(sel.warning_get_for_user(user=request.user, pk=pk)).data)


class WarningActApi(APIView):
    """Acknowledge, start handling or close (with a note) a warning; 409 for an illegal move."""

    policies = {"POST": P.WARNING}

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=list(services.WARNING_ACTIONS))
        note = serializers.CharField(required=False, allow_blank=True, default="")
        version = serializers.IntegerField(
            required=False, help_text="the version you saw; 409 if the warning moved since"
        )

    @extend_schema(request=InputSerializer, responses={200: WarningOutput})
    def post(self, request, pk: int):
        warning = sel.warning_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        warning = services.warning_act(warning=warning, actor=request.user, **data.validated_data)
        return Response(WarningOutput(warning).data)


class WarningConvertApi(APIView):
    """Turn a warning into a case (channel grid_visit)."""

    policies = {"POST": P.CONVERT}

    class InputSerializer(serializers.Serializer):
        claimant_name = serializers.CharField(max_length=50)
        claimant_phone = serializers.CharField(required=False, allow_blank=True, default="")
        category = serializers.ChoiceField(choices=Category.choices, default=Category.WAGE_ARREARS)
        summary = serializers.CharField(required=False, allow_blank=True, default="")
        version = serializers.IntegerField(
            required=False, help_text="the version you saw; 409 if the warning moved since"
        )

    class OutputSerializer(serializers.Serializer):
        case_id = serializers.IntegerField(source="pk")
        number = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, pk: int):
        warning = sel.warning_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.warning_convert(warning=warning, actor=request.user, **data.validated_data)
        return Response(self.OutputSerializer(case).data, status=status.HTTP_201_CREATED)


class WarningBoardApi(APIView):
    """Open warnings per grid area by level, and all warnings by status; plus the totals."""

    policies = {"GET": P.VIEW}

    class OutputSerializer(serializers.Serializer):
        class Row(serializers.Serializer):
            grid_area = serializers.CharField(source="area.code")
            name = serializers.CharField(source="area.name")
            inspector = serializers.CharField(source="area.inspector.display_name", default=None)
            levels = serializers.DictField(child=serializers.IntegerField())
            statuses = serializers.DictField(child=serializers.IntegerField())
            open = serializers.IntegerField()

        areas = Row(many=True)
        totals = serializers.DictField()

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        board = sel.warning_board(user=request.user)
        return Response(
            self.OutputSerializer({"areas": board, "totals": sel.board_totals(board)}).data
        )


class VisitDetailApi(APIView):
    """One visit; PATCH corrects its findings, severity, headcount seen or companions against the
    version you read (409 naming who corrected it, and what, when someone did since)."""

    policies = {"GET": P.VIEW, "PATCH": P.VISIT}

    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(help_text="the version you read")
        findings = serializers.CharField(required=False, allow_blank=True)
        severity = serializers.ChoiceField(choices=Severity.choices, required=False)
        headcount_seen = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        companions = serializers.CharField(required=False, allow_blank=True, max_length=100)

    @extend_schema(responses={200: VisitOutput})
    def get(self, request, pk: int):
        return Response(VisitOutput(sel.visit_get_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=UpdateSerializer, responses={200: VisitOutput})
    def patch(self, request, pk: int):
        visit = sel.visit_get_for_user(user=request.user, pk=pk)
        data = self.UpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        visit = services.visit_update(
            visit=visit, actor=request.user, version=d.pop("version"), **d
        )
        return Response(VisitOutput(visit).data)
