#!/usr/bin/python3
"""Pre-contract check: what a procurement system does before signing with a supplier.

Loads a small supplier base through the API (suppliers, their questionnaire answers, scanner
signals), then asks EvaluateEngagement whether each supplier may take on an engagement, and
prints the decision with its reasons and conditions.

    PYTHONPATH=bazel-bin/proto:bazel-bin/external/googleapis:clients/python \\
      /usr/bin/python3 clients/python/examples/precontract_check.py \\
      --target 127.0.0.1:50051 --token_file var/supplyrisk/dev-admin.token
"""

import argparse
import datetime
import sys

from google.protobuf import timestamp_pb2

import supplyrisk_client
from supplyrisk.v1 import (
    assessment_pb2,
    common_pb2,
    engagement_pb2,
    engagement_service_pb2,
    response_pb2,
    response_service_pb2,
    signal_pb2,
    signal_service_pb2,
    supplier_pb2,
    supplier_service_pb2,
    template_pb2,
    template_service_pb2,
)

# A sample supplier base of fictional companies (made-up corporate numbers with valid check
# digits): (id, Japanese name, English name, corporate number, domain, how diligent its
# answers are (share of "yes"), scanner findings).
SUPPLIERS = [
    ("kanto-precision", "関東精密工業株式会社", "Kanto Precision Industries", "6900200300400",
     "kanto-precision.example.jp", 1.0, []),
    ("naniwa-logistics", "浪速ロジスティクス株式会社", "Naniwa Logistics", "8900200301413",
     "naniwa-logi.example.jp", 0.95,
     [(common_pb2.FACTOR_DNS_HEALTH, "spf_record_missing", common_pb2.SEVERITY_MEDIUM)]),
    ("tohoku-soft", "東北ソフト開発株式会社", "Tohoku Soft Development", "1900200302426",
     "tohoku-soft.example.jp", 0.3,
     [(common_pb2.FACTOR_NETWORK_SECURITY, "exposed_rdp", common_pb2.SEVERITY_HIGH),
      (common_pb2.FACTOR_PATCHING_CADENCE, "unpatched_cve", common_pb2.SEVERITY_CRITICAL)]),
]
TEMPLATE = "cpsf-supplier"


def ts(dt):
    t = timestamp_pb2.Timestamp()
    t.FromDatetime(dt)
    return t


def answers(tmpl, diligence):
    """Answers of a supplier that does `diligence` of what is asked."""
    out = []
    questions = [q for s in tmpl.sections for q in s.questions]
    for i, q in enumerate(questions):
        # Knockout questions get the answer a going concern gives; the rest follow diligence.
        positive = q.knockout or (i % 20) < diligence * 20
        a = response_pb2.Answer(question_id=q.id)
        if q.answer_type == template_pb2.ANSWER_TYPE_YES_NO:
            a.yes_no = response_pb2.YES_NO_YES if positive else response_pb2.YES_NO_NO
        elif q.answer_type == template_pb2.ANSWER_TYPE_SINGLE_CHOICE:
            ranked = sorted(q.options, key=lambda o: o.credit)
            a.option_id = (ranked[-1] if positive else ranked[0]).id
        elif q.answer_type == template_pb2.ANSWER_TYPE_MULTIPLE_CHOICE:
            a.options.option_ids.extend(
                [o.id for o in q.options if o.credit > 0 and not o.knockout] if positive
                else [min(q.options, key=lambda o: o.credit).id])
        elif q.answer_type in (template_pb2.ANSWER_TYPE_NUMBER, template_pb2.ANSWER_TYPE_DATE):
            band = (max if positive else min)(q.bands, key=lambda b: b.credit)
            value = band.min if band.HasField("min") else 0
            if q.answer_type == template_pb2.ANSWER_TYPE_NUMBER:
                a.number = value
            else:
                a.date = (datetime.date.today() - datetime.timedelta(days=int(value) + 1)).isoformat()
        else:
            continue
        if positive and q.evidence.required:
            a.evidence.add(kind=q.evidence.kinds[0] if q.evidence.kinds else 1,
                           uri="docs://%s/evidence.pdf" % q.id)
        out.append(a)
    return out


def load_supplier_base(client, tmpl):
    now = datetime.datetime.now(datetime.timezone.utc)
    names = []
    for sid, ja, en, number, domain, diligence, findings in SUPPLIERS:
        s = supplier_pb2.Supplier(corporate_number=number, domains=[domain],
                                  size=supplier_pb2.COMPANY_SIZE_MEDIUM, industry="manufacturing")
        s.display_name.ja, s.display_name.en = ja, en
        s.profile.has_website = True
        # Upsert by corporate number: the supplier already on record under it is used as it is.
        found = client.suppliers.LookupSuppliers(
            supplier_service_pb2.LookupSuppliersRequest(corporate_number=number)).suppliers
        if found:
            created = found[0]
        else:
            created = client.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                supplier=s, supplier_id=sid, request_id=supplyrisk_client.new_request_id()))
        names.append(created.name)
        response = client.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
            parent=created.name, template_id=TEMPLATE))
        response = client.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=answers(tmpl, diligence)))
        client.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))
        if findings:
            signals = [signal_pb2.Signal(
                supplier=created.name, factor=f, issue_type=issue, severity=sev,
                asset=domain, source="example-scanner", observed_at=ts(now - datetime.timedelta(days=20)),
                last_observed_at=ts(now - datetime.timedelta(hours=2)))
                for f, issue, sev in findings]
            client.signals.ImportSignals(iter([signal_service_pb2.ImportSignalsRequest(
                signals=signals)]))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--token_file", default="var/supplyrisk/dev-admin.token")
    args = parser.parse_args()
    token = open(args.token_file).read().strip()
    with supplyrisk_client.connect(args.target, token=token) as client:
        tmpl = client.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id=TEMPLATE))
        names = load_supplier_base(client, tmpl)
        print("loaded %d suppliers with answers to %s r%d" % (len(names), tmpl.id, tmpl.revision))
        engagements = [
            ("生産管理システムの保守 / production system maintenance",
             [common_pb2.DATA_CLASS_IMPORTANT_CONFIDENTIAL], common_pb2.ACCESS_LEVEL_REMOTE,
             engagement_pb2.CRITICALITY_HIGH),
            ("販促物の印刷 / printing of sales material",
             [common_pb2.DATA_CLASS_INTERNAL], common_pb2.ACCESS_LEVEL_PORTAL,
             engagement_pb2.CRITICALITY_LOW),
        ]
        for name in names:
            for title, data_classes, access, criticality in engagements:
                e = engagement_pb2.Engagement(supplier=name, title=title,
                                              data_classes=data_classes, access=access,
                                              criticality=criticality)
                result = client.engagements.EvaluateEngagement(
                    engagement_service_pb2.EvaluateEngagementRequest(
                        engagement=e, view=assessment_pb2.ASSESSMENT_VIEW_FULL, language="en"),
                    timeout=10)
                d = result.decision
                print("\n%s / %s\n  => %s (grade %s, score %.1f, confidence %.2f, star %d "
                      "required)" % (
                          name, title, assessment_pb2.DecisionOutcome.Name(d.outcome).replace(
                              "DECISION_OUTCOME_", ""), result.grade, result.overall_score,
                          result.confidence, d.required_star))
                for r in d.reasons:
                    print("  reason %s: %s" % (r.code, r.text.en or r.text.ja))
                for c in d.conditions:
                    print("  condition (within %d days): %s" % (
                        c.deadline_days, c.remediation.advice.en or c.remediation.advice.ja))
    return 0


if __name__ == "__main__":
    sys.exit(main())
