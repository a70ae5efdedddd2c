"""Who may reach each route (GET), per role. Used by tests/core/test_access_matrix.py.

Outcomes: OK (200), LOGIN (redirect to the login page), REDIRECT (any 302), UNAUTHORIZED (API
401/403 for the public), NOT_ALLOWED (403), NOT_FOUND (404: the object exists but is outside
the user's scope, which is not revealed), METHOD (405: the route takes POST only).
``target`` names the object a detail route is called with (see the test's _targets).
"""

from __future__ import annotations

from typing import Any

ROLES = ("anonymous", "sysadmin", "bureau", "department", "district", "enterprise", "expert")
SIGNED_IN = ROLES[1:]

OK, NOT_ALLOWED, NOT_FOUND, METHOD = 200, 403, 404, 405
LOGIN, REDIRECT, UNAUTHORIZED = "login", "redirect", "unauthorized"


def page(*, admin: Any = OK, others: Any = OK, public: Any = LOGIN, target: str | None = None) -> dict[str, Any]:
    """A page: the public is sent to the login page unless said otherwise."""
    spec: dict[str, Any] = {"anonymous": public, "sysadmin": admin, "bureau": admin}
    spec.update({role: others for role in ("department", "district", "enterprise", "expert")})
    if target:
        spec["target"] = target
    return spec


def api(*, admin: Any = OK, others: Any = OK, public: Any = UNAUTHORIZED, target: str | None = None) -> dict[str, Any]:
    return page(admin=admin, others=others, public=public, target=target)


ADMIN_ONLY_PAGE = {"others": NOT_ALLOWED}


def split(*, admin: Any = OK, department: Any, rest: Any, target: str | None = None) -> dict[str, Any]:
    """A page that departments see differently from districts, enterprises and experts."""
    spec = page(admin=admin, others=rest, target=target)
    spec["department"] = department
    return spec


# Monitoring pages: officials (departments and districts) read; enterprises and experts have no monitoring role.
OFFICIALS_ONLY = {**page(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED}

EXPECTED: dict[str, dict[str, Any]] = {
    # sign-in and shell
    "core:home": page(public=OK),  # visitors get the public portal's home
    "core:login": page(public=OK, admin=REDIRECT, others=REDIRECT),
    "core:logout": page(admin=METHOD, others=METHOD),
    "core:password_change": page(),
    "core:set_language": page(public=REDIRECT, admin=REDIRECT, others=REDIRECT),
    "core:healthz": page(public=OK),
    "core:favicon": page(public=REDIRECT, admin=REDIRECT, others=REDIRECT),
    # type-ahead search: every signed-in user, over the rows they may see
    "core:picker_search": page(target="picker_label"),
    # organisation (reference data: all read, all-access roles write)
    "core:district_list": page(),
    "core:district_detail": page(target="district"),
    "core:district_edit": page(others=NOT_FOUND, target="district"),
    "core:department_list": page(),
    "core:department_detail": page(target="department"),
    "core:department_add": page(**ADMIN_ONLY_PAGE),
    "core:department_import": page(**ADMIN_ONLY_PAGE),
    "core:department_edit": page(others=NOT_FOUND, target="department"),
    "core:department_delete": page(others=NOT_FOUND, target="department"),
    # users: everyone sees their own account; managing accounts is for all-access roles
    "core:user_list": page(),
    "core:user_add": page(**ADMIN_ONLY_PAGE),
    "core:user_detail": page(others=NOT_FOUND, target="user"),
    # the target is the superuser: only a superuser edits superuser and staff accounts
    "core:user_edit": {**page(others=NOT_FOUND, target="user"), "bureau": NOT_ALLOWED},
    "core:loginevent_list": page(**ADMIN_ONLY_PAGE),
    # jobs: own jobs only
    "core:job_list": page(),
    "core:job_detail": page(others=NOT_FOUND, target="job"),
    "core:job_progress": page(others=NOT_FOUND, target="job"),
    "core:job_system_check": page(admin=METHOD, others=METHOD),
    # POST only: the owner (or a superuser) runs a failed job again
    "core:job_restart": page(admin=METHOD, others=METHOD, target="job"),
    # API tokens: each signed-in user sees and revokes their own (revoking is POST only)
    "account:tokens": page(),
    "account:token_revoke": page(admin=METHOD, others=METHOD, target="api_token"),
    "account:token_revoke_all": page(admin=METHOD, others=METHOD),
    # substance registry (reference data)
    "substances:substance_list": page(),
    "substances:substance_detail": page(target="substance"),
    "substances:substance_suggest": page(),
    "substances:substance_add": page(**ADMIN_ONLY_PAGE),
    "substances:substance_import": page(**ADMIN_ONLY_PAGE),
    "substances:substance_edit": page(others=NOT_FOUND, target="substance"),
    "substances:property_import": page(**ADMIN_ONLY_PAGE),
    # regulatory lists and classification
    "regulations:list_index": page(),
    "regulations:list_detail": page(target="list"),
    "regulations:entry_detail": page(target="entry"),
    "regulations:classify": page(),
    "regulations:screening_upload": page(admin=METHOD, others=METHOD),
    "regulations:screening_report": page(others=NOT_FOUND, target="screening"),
    "regulations:policy_sheet": page(target="substance"),
    # work plan: everyone signed in reads plans, tasks, requests, orders and KPIs; writes are checked per object
    "workplan:plan_list": page(),
    "workplan:plan_detail": page(target="plan"),
    "workplan:plan_evaluation": {**page(target="plan"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "workplan:plan_evaluation_compare": {**page(target="plan"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "workplan:plan_evaluation_freeze": page(admin=REDIRECT, others=NOT_ALLOWED, target="plan"),
    "workplan:task_detail": page(target="task"),
    "workplan:request_list": {**split(department=OK, rest=NOT_ALLOWED), "district": OK},
    "workplan:request_add": page(**ADMIN_ONLY_PAGE),
    "workplan:request_detail": {**split(department=OK, rest=NOT_FOUND, target="request"), "district": OK},
    "workplan:circular_add": page(admin=REDIRECT, others=NOT_ALLOWED, target="request"),
    "workplan:report_edit": split(department=OK, rest=NOT_FOUND, target="report"),
    # the report's evidence file: whoever sees the report — officials read progress reports (404 for the others)
    "workplan:report_evidence": {**split(department=OK, rest=NOT_FOUND, target="report"), "district": OK},
    "workplan:order_list": split(department=OK, rest=NOT_ALLOWED),
    "workplan:order_add": page(**ADMIN_ONLY_PAGE),
    "workplan:order_detail": split(department=OK, rest=NOT_FOUND, target="order"),
    "workplan:circular_detail": {**split(department=OK, rest=NOT_FOUND, target="circular"), "district": OK},
    "workplan:kpi_list": page(),
    "workplan:kpi_detail": page(target="kpi"),
    "workplan:indicator_list": page(),
    "workplan:indicator_detail": page(target="indicator"),
    # enterprise registry: officials and the enterprise itself; the bureau keeps it
    "enterprises:enterprise_list": {**page(), "expert": NOT_ALLOWED},
    "enterprises:enterprise_add": page(**ADMIN_ONLY_PAGE),
    "enterprises:enterprise_import": page(**ADMIN_ONLY_PAGE),
    "enterprises:enterprise_detail": {**page(others=NOT_FOUND, target="enterprise"), "department": OK, "district": OK},
    "enterprises:enterprise_edit": page(others=NOT_FOUND, target="enterprise"),
    "api:enterprises-enterprise-list": {**api(), "expert": NOT_ALLOWED},
    "api:enterprises-enterprise-detail": {
        **api(others=NOT_FOUND, target="enterprise"),
        "department": OK,
        "district": OK,
        "expert": NOT_ALLOWED,
    },
    # industrial parks (reference data: all read, the bureau keeps them) and discharge permits (like enterprises)
    "enterprises:park_list": page(),
    "enterprises:park_add": page(**ADMIN_ONLY_PAGE),
    "enterprises:park_import": page(**ADMIN_ONLY_PAGE),
    "enterprises:park_detail": page(target="park"),
    "enterprises:park_edit": page(others=NOT_FOUND, target="park"),
    "enterprises:permit_list": {**page(), "expert": NOT_ALLOWED},
    "enterprises:permit_add": page(**ADMIN_ONLY_PAGE),
    "enterprises:permit_import": page(**ADMIN_ONLY_PAGE),
    "enterprises:permit_detail": {**page(others=NOT_FOUND, target="permit"), "department": OK, "district": OK},
    "enterprises:permit_edit": page(others=NOT_FOUND, target="permit"),
    "enterprises:permitlimit_add": page(**ADMIN_ONLY_PAGE),
    "enterprises:permitlimit_import": page(**ADMIN_ONLY_PAGE),
    "enterprises:permitlimit_edit": page(others=NOT_FOUND, target="permit_limit"),
    "enterprises:permitlimit_delete": page(others=NOT_FOUND, target="permit_limit"),
    "api:enterprises-park-list": api(),
    "api:enterprises-park-detail": api(target="park"),
    "api:enterprises-permit-list": {**api(), "expert": NOT_ALLOWED},
    "api:enterprises-permit-detail": {
        **api(others=NOT_FOUND, target="permit"),
        "department": OK,
        "district": OK,
        "expert": NOT_ALLOWED,
    },
    # survey: quantities are confidential — departments see no submission, districts their own
    "surveys:campaign_list": page(),
    "surveys:campaign_detail": page(target="campaign"),
    "surveys:campaign_add": page(**ADMIN_ONLY_PAGE),
    "surveys:campaign_edit": page(others=NOT_FOUND, target="campaign"),
    "surveys:submission_list": {**page(), "department": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "surveys:review_queue": {**page(others=NOT_ALLOWED), "district": OK},
    "surveys:submission_detail": {**page(others=NOT_FOUND, target="submission"), "district": OK},
    # Lines are edited in place only by the reporting enterprise, while the report is editable; officials who see
    # the report are refused, everyone else does not learn it exists.
    "surveys:line_edit": {
        **page(admin=NOT_ALLOWED, others=NOT_FOUND, target="submission_line"),
        "district": NOT_ALLOWED,
    },
    "surveys:inventory": page(),
    "api:surveys-submission-list": {**api(), "department": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:surveys-submission-detail": {
        **api(others=NOT_FOUND, target="submission"),
        "district": OK,
        "department": NOT_ALLOWED,
        "expert": NOT_ALLOWED,
    },
    "api:surveys-inventory": api(admin=400, others=400),  # without ?campaign= the request is incomplete
    # capacity registers: shared with officials; the bureau keeps the pool and labs, departments their own records
    "capacity:expert_list": page(),
    "capacity:expert_add": page(**ADMIN_ONLY_PAGE),
    "capacity:expert_import": page(**ADMIN_ONLY_PAGE),
    "capacity:expert_detail": split(department=OK, rest=NOT_FOUND, target="expert"),
    "capacity:expert_edit": page(others=NOT_FOUND, target="expert"),
    "capacity:lab_list": split(department=OK, rest=NOT_ALLOWED),
    "capacity:lab_add": page(**ADMIN_ONLY_PAGE),
    "capacity:labmethod_import": page(**ADMIN_ONLY_PAGE),
    "capacity:lab_detail": split(department=OK, rest=NOT_FOUND, target="lab"),
    "capacity:lab_edit": page(others=NOT_FOUND, target="lab"),
    "capacity:training_list": split(department=OK, rest=NOT_ALLOWED),
    "capacity:training_add": split(department=OK, rest=NOT_ALLOWED),
    "capacity:training_detail": split(department=OK, rest=NOT_FOUND, target="training"),
    "capacity:training_edit": page(others=NOT_FOUND, target="training"),
    "capacity:project_list": {**split(department=OK, rest=NOT_ALLOWED), "district": OK},
    "capacity:project_add": split(department=OK, rest=NOT_ALLOWED),
    "capacity:project_detail": {**split(department=OK, rest=NOT_FOUND, target="project"), "district": OK},
    "capacity:project_edit": page(others=NOT_FOUND, target="project"),
    "capacity:funding_list": split(department=OK, rest=NOT_ALLOWED),
    "capacity:funding_add": split(department=OK, rest=NOT_ALLOWED),
    "capacity:funding_detail": split(department=OK, rest=NOT_FOUND, target="funding"),
    "capacity:funding_edit": page(others=NOT_FOUND, target="funding"),
    # monitoring: officials read (a district its own sites), the bureau writes and imports
    "monitoring:site_list": OFFICIALS_ONLY,
    "monitoring:site_add": page(**ADMIN_ONLY_PAGE),
    "monitoring:site_import": page(**ADMIN_ONLY_PAGE),
    "monitoring:site_detail": {**page(others=NOT_FOUND, target="site"), "department": OK, "district": OK},
    "monitoring:site_edit": page(others=NOT_FOUND, target="site"),
    # without ?substance= the chart request is incomplete
    "monitoring:site_series": {**page(admin=400, others=NOT_FOUND, target="site"), "department": 400, "district": 400},
    "monitoring:map": OFFICIALS_ONLY,
    "monitoring:map_data": OFFICIALS_ONLY,
    "monitoring:result_list": OFFICIALS_ONLY,
    "monitoring:result_import": page(**ADMIN_ONLY_PAGE),
    "monitoring:result_mapping": page(admin=REDIRECT, others=NOT_ALLOWED),  # no upload named: back to step 1
    "monitoring:batch_list": OFFICIALS_ONLY,
    "monitoring:batch_detail": {**OFFICIALS_ONLY, "target": "batch"},
    "monitoring:batch_withdraw": page(admin=METHOD, others=METHOD, target="batch"),
    "monitoring:plan_list": OFFICIALS_ONLY,
    "monitoring:plan_add": page(**ADMIN_ONLY_PAGE),
    "monitoring:plan_detail": {**page(others=NOT_FOUND, target="monitoring_plan"), "department": OK, "district": OK},
    "monitoring:plan_edit": page(others=NOT_FOUND, target="monitoring_plan"),
    "monitoring:plan_export": {**page(others=NOT_FOUND, target="monitoring_plan"), "department": OK, "district": OK},
    "monitoring:campaign_add": page(**ADMIN_ONLY_PAGE),
    "monitoring:campaign_edit": page(others=NOT_FOUND, target="monitoring_campaign"),
    "monitoring:substance_monitoring": {**OFFICIALS_ONLY, "target": "substance"},
    "api:monitoring-site-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:monitoring-site-detail": {**api(target="site"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:monitoring-sample-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:monitoring-sample-detail": {**api(target="sample"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:monitoring-result-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:monitoring-result-detail": {**api(target="result"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    # without ?substance= the request is incomplete
    "api:monitoring-statistics": {**api(admin=400, others=400), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    # compliance findings: enterprises see their own, districts their enterprises', departments all
    "compliance:finding_list": {**page(), "expert": NOT_ALLOWED},
    "compliance:finding_detail": {**page(others=NOT_FOUND, target="finding"), "department": OK, "district": OK},
    "compliance:finding_action": page(admin=METHOD, others=METHOD, target="finding"),
    "compliance:run": page(admin=METHOD, others=METHOD),
    "compliance:obligations": {**OFFICIALS_ONLY},
    "compliance:list_changes": {**OFFICIALS_ONLY},
    "compliance:list_change": {**OFFICIALS_ONLY, "target": "list_code"},
    "compliance:registration_list": {**OFFICIALS_ONLY, "enterprise": OK},
    "compliance:registration_add": page(**ADMIN_ONLY_PAGE),
    "compliance:registration_import": page(**ADMIN_ONLY_PAGE),
    "compliance:registration_edit": page(others=NOT_FOUND, target="registration"),
    "compliance:inventory_import": page(**ADMIN_ONLY_PAGE),
    # enforcement: officials read; the bureau draws and publishes; a district records inspections and cases
    "enforcement:inspector_list": OFFICIALS_ONLY,
    "enforcement:inspector_add": page(**ADMIN_ONLY_PAGE),
    "enforcement:inspector_import": page(**ADMIN_ONLY_PAGE),
    "enforcement:inspector_edit": page(others=NOT_FOUND, target="inspector"),
    "enforcement:draw_list": OFFICIALS_ONLY,
    "enforcement:draw_add": page(**ADMIN_ONLY_PAGE),
    "enforcement:draw_detail": {**page(others=NOT_FOUND, target="draw"), "department": OK, "district": OK},
    "enforcement:draw_publish": page(admin=METHOD, others=METHOD, target="draw"),
    "enforcement:public_draws": page(public=OK),
    "enforcement:public_draw": page(public=OK, target="draw"),
    "enforcement:public_cases": page(public=OK),
    "enforcement:task_list": OFFICIALS_ONLY,
    "enforcement:task_detail": {
        **page(others=NOT_FOUND, target="inspection_task"),
        "department": OK,
        "district": OK,
    },
    # an inspection record's attachment: downloaded by whoever sees the inspection task
    "enforcement:attachment_download": {
        **page(others=NOT_FOUND, target="inspection_attachment"),
        "department": OK,
        "district": OK,
    },
    "enforcement:case_list": OFFICIALS_ONLY,
    "enforcement:case_add": {**page(**ADMIN_ONLY_PAGE), "district": OK},
    "enforcement:case_detail": {**page(others=NOT_FOUND, target="case"), "department": OK, "district": OK},
    "enforcement:case_edit": {**page(others=NOT_FOUND, target="case"), "district": OK},
    # published draws and decided cases are public (双随机、一公开)
    "api:enforcement-draw-list": {**api(public=OK), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:enforcement-draw-detail": {**api(public=OK, target="draw"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:enforcement-task-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:enforcement-task-detail": {
        **api(target="inspection_task"),
        "enterprise": NOT_ALLOWED,
        "expert": NOT_ALLOWED,
    },
    "api:enforcement-case-list": {**api(public=OK), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:enforcement-case-detail": {
        **api(public=NOT_FOUND, target="case"),
        "enterprise": NOT_ALLOWED,
        "expert": NOT_ALLOWED,
    },  # the test case is not published
    "api:compliance-finding-list": {**api(), "expert": NOT_ALLOWED},
    "api:compliance-finding-detail": {
        **api(others=NOT_FOUND, target="finding"),
        "department": OK,
        "district": OK,
        "expert": NOT_ALLOWED,
    },
    # risk: PNECs are reference data; the three highs sum enterprises' survey figures (bureau and departments)
    "api:risk-pnec-list": api(),
    "api:risk-pnec-detail": api(target="pnec"),
    "api:risk-hazard-datum-list": api(),
    "api:risk-hazard-datum-detail": api(target="hazard_datum"),
    "api:risk-endpoint-list": api(),
    "api:risk-endpoint-detail": api(target="ecotox_endpoint"),
    "api:risk-hazard-profile": api(target="substance"),
    "api:risk-plan-draft": api(others=NOT_ALLOWED),
    "api:risk-run-list": {**api(), "enterprise": NOT_ALLOWED},  # experts: the runs behind drafts they review
    "api:risk-run-detail": {
        **api(others=NOT_FOUND, target="risk_run"),
        "department": OK,
        "district": OK,
        "enterprise": NOT_ALLOWED,
    },
    "api:risk-priority-draft-list": {**api(), "enterprise": NOT_ALLOWED, "district": NOT_ALLOWED},
    "api:risk-priority-draft-detail": {
        **api(others=NOT_FOUND, target="priority_draft"),
        "department": OK,
        "district": NOT_ALLOWED,
        "enterprise": NOT_ALLOWED,
    },
    "risk:pnec_list": page(),
    "risk:pnec_add": page(**ADMIN_ONLY_PAGE),
    "risk:pnec_edit": page(others=NOT_FOUND, target="pnec"),
    "risk:pnec_import": page(**ADMIN_ONLY_PAGE),
    "risk:screening": split(department=OK, rest=NOT_ALLOWED),
    "risk:plan_draft": page(**ADMIN_ONLY_PAGE),
    "risk:run_list": {**OFFICIALS_ONLY, "expert": OK},  # an expert: the runs behind drafts they review
    "risk:run_add": page(**ADMIN_ONLY_PAGE),
    "risk:run_detail": {**page(others=NOT_FOUND, target="risk_run"), "department": OK, "district": OK},
    "risk:run_map": {**page(others=NOT_FOUND, target="risk_run"), "department": OK, "district": OK},
    "risk:run_substance": {**page(others=NOT_FOUND, target="risk_run_substance"), "department": OK, "district": OK},
    # hazard data and ecotoxicity endpoints: reference data (all read, all-access roles write)
    "risk:hazard_list": page(),
    "risk:hazard_add": page(**ADMIN_ONLY_PAGE),
    "risk:hazard_edit": page(others=NOT_FOUND, target="hazard_datum"),
    "risk:hazard_import": page(**ADMIN_ONLY_PAGE),
    "risk:hazard_profile": page(target="substance"),
    "risk:pnec_adopt": page(admin=METHOD, others=METHOD, target="substance"),
    "risk:endpoint_list": page(),
    "risk:endpoint_add": page(**ADMIN_ONLY_PAGE),
    "risk:endpoint_edit": page(others=NOT_FOUND, target="ecotox_endpoint"),
    "risk:endpoint_import": page(**ADMIN_ONLY_PAGE),
    # local priority lists: departments read, assigned experts read and review, the bureau drafts and publishes;
    # districts see the published list among the regulatory lists
    "risk:priority_list": {**page(), "enterprise": NOT_ALLOWED, "district": NOT_ALLOWED},
    "risk:priority_add": page(**ADMIN_ONLY_PAGE),
    "risk:priority_detail": {**page(others=NOT_FOUND, target="priority_draft"), "department": OK},
    "risk:priority_items": page(admin=METHOD, others=METHOD, target="priority_draft"),
    "risk:priority_experts": page(admin=METHOD, others=METHOD, target="priority_draft"),
    "risk:priority_review": page(admin=METHOD, others=METHOD, target="priority_draft"),
    "risk:priority_publish": page(admin=METHOD, others=METHOD, target="priority_draft"),
    "risk:priority_withdraw": page(admin=METHOD, others=METHOD, target="priority_draft"),
    # API
    "api:schema": api(public=OK),
    "api:docs": api(public=OK),
    "api:token": api(public=METHOD, admin=METHOD, others=METHOD),
    "api:token_revoke": api(admin=METHOD, others=METHOD),  # POST only; the public: 401
    "api:core-district-list": api(),
    "api:core-district-detail": api(target="district"),
    "api:core-department-list": api(),
    "api:core-department-detail": api(target="department"),
    "api:core-user-list": api(),
    "api:core-user-detail": api(others=NOT_FOUND, target="user"),
    "api:core-user-me": api(),
    "api:core-job-list": api(),
    "api:core-job-detail": api(others=NOT_FOUND, target="job"),
    "api:core-loginevent-list": api(others=NOT_ALLOWED),
    "api:core-loginevent-detail": api(others=NOT_ALLOWED, target="loginevent"),
    "api:substances-substance-list": api(),
    "api:substances-substance-detail": api(target="substance"),
    "api:regulations-list-list": api(),
    "api:regulations-list-detail": api(target="list"),
    "api:regulations-entry-list": api(),
    "api:regulations-entry-detail": api(target="entry"),
    "api:classify": api(admin=METHOD, others=METHOD),
    # capacity registers through the API: the pages' scopes (the bureau and departments read the registers)
    "api:capacity-expert-list": api(),  # others: their own pool entry only
    "api:capacity-expert-detail": {**api(others=NOT_FOUND, target="expert"), "department": OK},
    "api:capacity-lab-list": {**api(others=NOT_ALLOWED), "department": OK},
    "api:capacity-lab-detail": {**api(others=NOT_ALLOWED, target="lab"), "department": OK},
    "api:capacity-lab-method-list": {**api(others=NOT_ALLOWED), "department": OK},
    "api:capacity-lab-method-detail": {**api(others=NOT_ALLOWED, target="lab_method"), "department": OK},
    "api:capacity-training-list": {**api(others=NOT_ALLOWED), "department": OK},
    "api:capacity-training-detail": {**api(others=NOT_ALLOWED, target="training"), "department": OK},
    "api:capacity-project-list": {**api(others=NOT_ALLOWED), "department": OK, "district": OK},
    "api:capacity-project-detail": {**api(others=NOT_ALLOWED, target="project"), "department": OK, "district": OK},
    # work plan through the API: plans, tasks, KPIs and indicators for all; coordination records for officials
    "api:workplan-plan-list": api(),
    "api:workplan-plan-detail": api(target="plan"),
    "api:workplan-plan-evaluation": {**api(target="plan"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-plan-comparison": {**api(target="plan"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-task-list": api(),
    "api:workplan-task-detail": api(target="task"),
    "api:workplan-kpi-list": api(),
    "api:workplan-kpi-detail": api(target="kpi"),
    "api:workplan-kpi-value-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-kpi-value-detail": {**api(target="kpi_value"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-request-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-request-detail": {**api(target="request"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-report-list": {**api(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-report-detail": {**api(target="report"), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED},
    "api:workplan-order-list": {**api(others=NOT_ALLOWED), "department": OK},
    "api:workplan-order-detail": {**api(others=NOT_ALLOWED, target="order"), "department": OK},
    "api:workplan-indicator-list": api(),
    "api:workplan-indicator-detail": api(target="indicator"),
    "api:workplan-indicator-record-list": {**api(others=NOT_ALLOWED), "department": OK},
    "api:workplan-indicator-record-detail": {
        **api(others=NOT_ALLOWED, target="indicator_record"),
        "department": OK,
    },
    # notification centre: every signed-in user reads their own notifications and preferences
    "notifications:list": page(),
    "notifications:read": page(admin=METHOD, others=METHOD),
    "notifications:preferences": page(),
    "api:notifications-notification-list": api(),
    "api:notifications-notification-read": api(admin=METHOD, others=METHOD),
}

# The Django admin: staff only (the sysadmin persona); everyone else is redirected to a login.
ADMIN_NAMESPACE_RULE = {"anonymous": REDIRECT, "sysadmin": OK, **{r: REDIRECT for r in ROLES[2:]}}
