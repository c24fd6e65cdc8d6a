#!/usr/bin/python3
"""Writes the supplier cases of testdata/suppliers (the source of truth for their inputs).

Each case folder gets profile.textproto, response.textproto, signals.jsonl,
engagement.textproto and case.txt (template id and as_of). The golden assessments
(expected.json, expected.txt) are produced by the engine, not by this script:
  bazel run //engine/scoring:golden_test -- --update   (or UPDATE_GOLDEN=1)

Run from the workspace root after `bazel build //proto/supplyrisk/v1:model_py`:
  PYTHONPATH=bazel-bin/proto /usr/bin/python3 testdata/suppliers/make_cases.py
"""
import datetime
import json
import os

from google.protobuf import text_format
from supplyrisk.v1 import common_pb2, engagement_pb2, response_pb2, supplier_pb2, template_pb2

ROOT = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(ROOT, "..", "templates")
AS_OF = datetime.date(2026, 11, 1)
YN = response_pb2.YesNo


def load_template(name):
    t = template_pb2.Template()
    with open(os.path.join(TEMPLATES, name + ".textproto"), encoding="utf-8") as f:
        text_format.Parse(f.read(), t)
    return t


FLAG_FIELDS = {
    template_pb2.PROFILE_FLAG_HANDLES_PERSONAL_DATA: "handles_personal_data",
    template_pb2.PROFILE_FLAG_HAS_WEBSITE: "has_website",
    template_pb2.PROFILE_FLAG_OPERATES_OT: "operates_ot",
    template_pb2.PROFILE_FLAG_SUPPLIES_IOT_DEVICES: "supplies_iot_devices",
    template_pb2.PROFILE_FLAG_USES_SUBCONTRACTORS: "uses_subcontractors",
    template_pb2.PROFILE_FLAG_DEVELOPS_SOFTWARE: "develops_software",
    template_pb2.PROFILE_FLAG_USES_CLOUD_SERVICES: "uses_cloud_services",
}


def token(answer):
    kind = answer.WhichOneof("value")
    if kind == "yes_no":
        return {YN.YES_NO_YES: "yes", YN.YES_NO_PARTIAL: "partial", YN.YES_NO_NO: "no",
                YN.YES_NO_UNKNOWN: "unknown", YN.YES_NO_NOT_APPLICABLE: "not_applicable"}[answer.yes_no]
    if kind == "option_id":
        return answer.option_id
    return None


def holds(cond, profile, given):
    which = cond.WhichOneof("test")
    if which is None:
        return True
    if which == "profile":
        return getattr(profile, FLAG_FIELDS[cond.profile.flag]) == cond.profile.value
    if which == "answer":
        a = given.get(cond.answer.question_id)
        return a is not None and token(a) in cond.answer.any_of
    if which == "all":
        return all(holds(c, profile, given) for c in getattr(cond, "all").conditions)
    if which == "any":
        return any(holds(c, profile, given) for c in getattr(cond, "any").conditions)
    if which == "not":
        return not holds(getattr(cond, "not"), profile, given)
    raise ValueError(which)


def band_value(band):
    if band.HasField("min"):
        return band.min
    if band.HasField("max"):
        return max(0.0, band.max - 1)
    return 0.0


def make_value(q, level, answer):
    """Fills answer with a value of the given level: best, mid, worst, unknown, na."""
    t = q.answer_type
    if t == template_pb2.ANSWER_TYPE_YES_NO:
        answer.yes_no = {"best": YN.YES_NO_YES, "mid": YN.YES_NO_PARTIAL, "worst": YN.YES_NO_NO,
                         "unknown": YN.YES_NO_UNKNOWN, "na": YN.YES_NO_NOT_APPLICABLE}[level]
    elif t == template_pb2.ANSWER_TYPE_SINGLE_CHOICE:
        opts = sorted(q.options, key=lambda o: -o.credit)
        if level == "unknown" and any(o.id == "dont_know" for o in opts):
            answer.option_id = "dont_know"
        else:
            answer.option_id = {"best": opts[0], "mid": opts[len(opts) // 2],
                                "worst": opts[-1]}.get(level, opts[-1]).id
    elif t == template_pb2.ANSWER_TYPE_MULTIPLE_CHOICE:
        positive = [o.id for o in q.options if o.credit > 0]
        if level == "best":
            answer.options.option_ids.extend(positive)
        elif level == "mid":
            answer.options.option_ids.extend(positive[: len(positive) // 2])
        else:
            answer.options.option_ids.extend([o.id for o in q.options if o.credit == 0][:1])
    elif t in (template_pb2.ANSWER_TYPE_NUMBER, template_pb2.ANSWER_TYPE_DATE):
        bands = sorted(q.bands, key=lambda b: -b.credit)
        band = {"best": bands[0], "mid": bands[len(bands) // 2]}.get(level, bands[-1])
        v = band_value(band)
        if t == template_pb2.ANSWER_TYPE_NUMBER:
            answer.number = v
        else:
            answer.date = (AS_OF - datetime.timedelta(days=int(v) + 10)).isoformat()
    elif t == template_pb2.ANSWER_TYPE_TEXT:
        answer.text = "See attached notes."
    else:
        return False
    return True


def positive(answer):
    return token(answer) in ("yes", "partial") or answer.WhichOneof("value") in (
        "options", "number", "date") or (
        answer.WhichOneof("value") == "option_id" and answer.option_id not in ("none", "not_done", "dont_know"))


def ts(day, field):
    field.FromDatetime(datetime.datetime.combine(day, datetime.time(9, 0)))


def build_case(name, tmpl, profile, default, overrides, evidence, answered_on, supplier,
               skip_rest=False, only=None):
    """default: level for every question; overrides: {qid: level}; only: answer just these."""
    response = response_pb2.Response()
    response.name = "suppliers/%s/responses/r1" % supplier
    response.template_id = tmpl.id
    response.template_revision = tmpl.revision
    response.state = response_pb2.RESPONSE_STATE_SUBMITTED
    ts(answered_on, response.submitted_at)
    given = {}
    for section in tmpl.sections:
        if not holds(section.condition, profile, given):
            continue
        for q in section.questions:
            if not holds(q.condition, profile, given):
                continue
            if only is not None and q.id not in only:
                continue
            level = overrides.get(q.id, default)
            if level == "skip":
                continue
            a = response_pb2.Answer()
            a.question_id = q.id
            if not make_value(q, level, a):
                continue
            ts(answered_on, a.answered_at)
            if q.evidence.required and evidence(q.id) and positive(a):
                e = a.evidence.add()
                e.kind = q.evidence.kinds[0] if q.evidence.kinds else template_pb2.EVIDENCE_KIND_DOCUMENT
                e.uri = "evidence://%s/%s" % (supplier, q.id)
                e.description = "supplied with the response"
            given[q.id] = a
    # Answers are written in reverse question order: the engine must not care.
    for a in reversed(list(given.values())):
        response.answers.add().CopyFrom(a)
    return response


def signal(sid, supplier, factor, issue, severity, asset, first, last=None, resolved=None,
           cve=None, source="scanner-a"):
    s = {"id": sid, "supplier": "suppliers/" + supplier, "factor": "FACTOR_" + factor,
         "issue_type": issue, "severity": "SEVERITY_" + severity, "asset": asset,
         "observed_at": first + "T03:00:00Z", "source": source}
    if last:
        s["last_observed_at"] = last + "T03:00:00Z"
    if resolved:
        s["resolved_at"] = resolved + "T03:00:00Z"
    if cve:
        s["cve"] = cve
    return s


def engagement(supplier, title, data, access, criticality="CRITICALITY_MEDIUM", outage=False,
               ot=False):
    e = engagement_pb2.Engagement()
    e.name = "engagements/%s-1" % supplier
    e.supplier = "suppliers/" + supplier
    e.title = title
    for d in data:
        e.data_classes.append(common_pb2.DataClass.Value("DATA_CLASS_" + d))
    e.access = common_pb2.AccessLevel.Value("ACCESS_LEVEL_" + access)
    e.criticality = engagement_pb2.Criticality.Value(criticality)
    e.outage_unacceptable = outage
    e.physical_or_ot = ot
    return e


def write(name, template_id, profile, response, signals, eng):
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    header = "# Generated by testdata/suppliers/make_cases.py; edit the script, not this file.\n"
    with open(os.path.join(d, "profile.textproto"), "w", encoding="utf-8") as f:
        f.write(header + "# proto-message: supplyrisk.v1.SupplierProfile\n" +
                text_format.MessageToString(profile, as_utf8=True))
    with open(os.path.join(d, "response.textproto"), "w", encoding="utf-8") as f:
        f.write(header + "# proto-message: supplyrisk.v1.Response\n" +
                text_format.MessageToString(response, as_utf8=True))
    with open(os.path.join(d, "engagement.textproto"), "w", encoding="utf-8") as f:
        f.write(header + "# proto-message: supplyrisk.v1.Engagement\n" +
                text_format.MessageToString(eng, as_utf8=True))
    with open(os.path.join(d, "signals.jsonl"), "w", encoding="utf-8") as f:
        f.write("# Generated by testdata/suppliers/make_cases.py; one supplyrisk.v1.Signal per line.\n")
        # Reverse id order on purpose: the engine sorts.
        for s in sorted(signals, key=lambda s: s["id"], reverse=True):
            f.write(json.dumps(s, sort_keys=True) + "\n")
    with open(os.path.join(d, "case.txt"), "w", encoding="utf-8") as f:
        f.write("template %s\nas_of %s\n" % (template_id, AS_OF.isoformat()))


def profile_of(**flags):
    p = supplier_pb2.SupplierProfile()
    for k, v in flags.items():
        setattr(p, k, v)
    return p


ALL = lambda qid: True
NONE = lambda qid: False
RECENT = AS_OF - datetime.timedelta(days=20)


def main():
    cpsf = load_template("cpsf-supplier")
    sme = load_template("sme-basic")

    # 1. SME parts maker: claims MFA on remote access and SPF; the scans show neither.
    s = "sme-parts-maker"
    p = profile_of(has_website=True, security_action_stars=1)
    r = build_case(s, cpsf, p, "best", {
        "gv.framework": "mid", "gv.budget": "mid", "gv.risk_assessment": "mid",
        "ra.vuln_register": "mid", "at.role_training": "mid", "de.log_analysis": "worst",
        "de.baseline": "mid", "ir.forensics": "worst", "ir.analysis": "mid",
        "web.pentest": "worst", "web.waf": "worst", "ac.third_party": "mid",
        "dns.dmarc": "worst", "bk.restore_test": "mid"}, lambda q: q in (
        "gv.policy", "bk.backups", "am.inventory_hw", "am.inventory_sw"), RECENT, s)
    sig = [
        signal("dns-spf-missing-parts", s, "DNS_HEALTH", "spf_record_missing", "MEDIUM",
               "mizuno-parts.example.jp", "2026-08-02", "2026-10-28"),
        signal("dns-dmarc-missing-parts", s, "DNS_HEALTH", "dmarc_record_missing", "MEDIUM",
               "mizuno-parts.example.jp", "2026-08-02", "2026-10-28"),
        signal("net-mfa-login-vpn", s, "NETWORK_SECURITY", "mfa_not_enforced_on_login", "HIGH",
               "vpn.mizuno-parts.example.jp", "2026-09-15", "2026-10-28"),
        signal("app-hsts-www", s, "APPLICATION_SECURITY", "hsts_missing", "MEDIUM",
               "www.mizuno-parts.example.jp", "2026-09-15", "2026-10-28"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Machined housings to drawing", ["CONFIDENTIAL"], "PORTAL"))

    # 2. SaaS vendor with strong controls and evidence for everything.
    s = "saas-vendor-strong"
    p = profile_of(has_website=True, develops_software=True, uses_cloud_services=True,
                   handles_personal_data=True, uses_subcontractors=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {"ir.disclosure": "mid", "pt.ssh": "na"}, ALL, RECENT, s)
    sig = [
        signal("dns-dnssec-cloudly", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "cloudly.example.com", "2026-06-01", "2026-10-30"),
        signal("app-waf-cloudly", s, "APPLICATION_SECURITY", "waf_detected", "POSITIVE",
               "app.cloudly.example.com", "2026-06-01", "2026-10-30"),
        signal("app-csp-cloudly", s, "APPLICATION_SECURITY", "csp_missing", "INFO",
               "docs.cloudly.example.com", "2026-09-01", "2026-10-30"),
        signal("net-tls-cloudly", s, "NETWORK_SECURITY", "tls_weak_cipher", "MEDIUM",
               "legacy-api.cloudly.example.com", "2026-05-01", "2026-06-10"),
        signal("patch-cve-2026-1001", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "app.cloudly.example.com", "2026-07-01", "2026-07-04", "2026-07-05",
               cve="CVE-2026-1001"),
        signal("patch-cve-2026-1302", s, "PATCHING_CADENCE", "unpatched_cve", "HIGH",
               "api.cloudly.example.com", "2026-08-10", "2026-08-20", "2026-08-21",
               cve="CVE-2026-1302"),
        signal("ep-ok-cloudly", s, "ENDPOINT_SECURITY", "endpoint_managed", "POSITIVE",
               "cloudly.example.com", "2026-10-01", "2026-10-30"),
        signal("ipr-clean-cloudly", s, "IP_REPUTATION", "ip_clean", "POSITIVE",
               "203.0.113.0/28", "2026-10-01", "2026-10-30"),
        signal("leak-none-cloudly", s, "LEAKED_CREDENTIALS", "no_leak_found", "POSITIVE",
               "cloudly.example.com", "2026-10-01", "2026-10-30"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Procurement platform holding design data", ["IMPORTANT_CONFIDENTIAL", "PERSONAL"],
        "PRIVILEGED", "CRITICALITY_HIGH"))

    # 3. Logistics firm: warehouse control systems that cannot be patched, isolated instead.
    s = "logistics-ot-isolated"
    p = profile_of(has_website=True, operates_ot=True, uses_cloud_services=True,
                   security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {
        "ot.patching": "worst", "ot.unpatched_register": "best", "ir.disclosure": "mid",
        "web.pentest": "mid", "pt.ssh": "na", "ot.data_plausibility": "mid",
        "iot.updates": "mid"}, ALL, RECENT, s)
    sig = [
        signal("dns-dnssec-kanto", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "kanto-logi.example.jp", "2026-06-01", "2026-10-29"),
        signal("net-tls-old-portal", s, "NETWORK_SECURITY", "tls_weak_protocol", "MEDIUM",
               "tracking.kanto-logi.example.jp", "2026-10-01", "2026-10-29"),
        signal("patch-cve-2026-2210", s, "PATCHING_CADENCE", "unpatched_cve", "HIGH",
               "tracking.kanto-logi.example.jp", "2026-06-01", "2026-06-18", "2026-06-20",
               cve="CVE-2026-2210"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Warehousing and delivery of finished goods", ["INTERNAL"], "PORTAL",
        "CRITICALITY_CRITICAL", outage=True, ot=True))

    # 4. IT contractor: reused passwords (leaked) and RDP open to the internet.
    s = "it-contractor-rdp"
    p = profile_of(has_website=True, uses_cloud_services=True, security_action_stars=1)
    r = build_case(s, cpsf, p, "best", {
        "gv.framework": "mid", "de.log_analysis": "mid", "web.pentest": "worst",
        "ir.exercise_date": "worst", "bc.plan": "mid"}, lambda q: q in ("gv.policy",), RECENT, s)
    sig = [
        signal("net-rdp-3389", s, "NETWORK_SECURITY", "exposed_rdp", "HIGH",
               "198.51.100.24:3389", "2026-07-20", "2026-10-30"),
        signal("leak-admin-combo", s, "LEAKED_CREDENTIALS", "leaked_credentials", "HIGH",
               "admin@tanaka-it.example.jp", "2026-09-03", "2026-09-03"),
        signal("leak-staff-combo", s, "LEAKED_CREDENTIALS", "leaked_credentials", "MEDIUM",
               "support@tanaka-it.example.jp", "2026-09-03", "2026-09-03"),
        signal("ipr-brute-force", s, "IP_REPUTATION", "botnet_activity", "MEDIUM",
               "198.51.100.24", "2026-10-10", "2026-10-25"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Administration of the buyer's file servers", ["CONFIDENTIAL"], "PRIVILEGED"))

    # 5. Good answers, but two years old: lower confidence, no inflated score.
    s = "stale-response"
    p = profile_of(has_website=True, security_action_stars=2)
    old = AS_OF - datetime.timedelta(days=730)
    r = build_case(s, cpsf, p, "best", {"web.pentest": "mid", "ir.disclosure": "mid"}, ALL,
                   old, s)
    sig = [
        signal("dns-dnssec-old", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "sato-kogyo.example.jp", "2026-03-01", "2026-10-20"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Cable harness assembly", ["INTERNAL"], "NONE", "CRITICALITY_LOW"))

    # 6. Answered almost nothing.
    s = "almost-nothing"
    p = profile_of(has_website=True)
    r = build_case(s, cpsf, p, "best", {"ac.mfa_remote": "unknown"}, NONE, RECENT, s,
                   only={"gv.policy", "am.inventory_hw", "ac.individual_ids", "ac.mfa_remote",
                         "at.training", "gv.customer_priorities"})
    sig = [
        signal("dns-spf-soft", s, "DNS_HEALTH", "spf_softfail", "LOW", "kobayashi.example.jp",
               "2026-10-01", "2026-10-28"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Office supplies", ["PUBLIC"], "NONE", "CRITICALITY_LOW"))

    # 7. Excellent average, but no backups at all: a knockout.
    s = "knockout-no-backups"
    p = profile_of(has_website=True, develops_software=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {"bk.backups": "worst", "ir.disclosure": "mid",
                                         "pt.ssh": "na"}, ALL, RECENT, s)
    sig = [
        signal("dns-dnssec-ko", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "yamada-soft.example.jp", "2026-05-01", "2026-10-25"),
        signal("app-waf-ko", s, "APPLICATION_SECURITY", "waf_detected", "POSITIVE",
               "www.yamada-soft.example.jp", "2026-05-01", "2026-10-25"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Custom production-planning software", ["CONFIDENTIAL"], "PORTAL"))

    # 8. Meets star 3 but not star 4; the engagement needs star 4 -> conditions.
    s = "star3-not-star4"
    p = profile_of(has_website=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {
        "gv.last_evaluation": "worst", "gv.framework": "worst", "am.data_classification": "worst",
        "sc.due_diligence": "worst", "ir.analysis": "worst", "web.pentest": "mid",
        "ir.disclosure": "mid", "pt.ssh": "na"}, ALL, RECENT, s)
    sig = [
        signal("dns-dnssec-s3", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "ishikawa-denki.example.jp", "2026-04-01", "2026-10-26"),
        signal("net-cert-expired-s3", s, "NETWORK_SECURITY", "certificate_expired", "MEDIUM",
               "old.ishikawa-denki.example.jp", "2026-07-01", "2026-08-01"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Remote maintenance of test benches", ["INTERNAL"], "REMOTE"))

    # 9. A plain component supplier, decent answers, star 3 engagement: approve.
    s = "regional-printer"
    p = profile_of(has_website=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {
        "gv.framework": "mid", "web.pentest": "worst", "ir.forensics": "mid",
        "dev.sdlc": "mid", "ir.disclosure": "worst", "de.provider_activity": "na",
        "pt.ssh": "na", "pt.remote_gateway": "na"}, lambda q: q != "ds.disposal", RECENT, s)
    sig = [
        signal("dns-dnssec-print", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "hokuriku-print.example.jp", "2026-03-01", "2026-10-27"),
        signal("app-csp-print", s, "APPLICATION_SECURITY", "csp_missing", "INFO",
               "shop.hokuriku-print.example.jp", "2026-10-01", "2026-10-27"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Printing of product manuals", ["INTERNAL"], "NONE", "CRITICALITY_LOW"))

    # 10. A micro business that took the IPA self-check (sme-basic, points).
    s = "sme-selfcheck-retailer"
    p = profile_of(has_website=True, security_action_stars=2)
    r = build_case(s, sme, p, "best", {
        "q05_threat_awareness": "mid", "q10_mobile_devices": "mid", "q12_visitors": "worst",
        "q15_unapproved_devices": "unknown", "q21_staff_training": "mid",
        "q23_contractors": "worst", "q25_asset_management": "mid"}, ALL, RECENT, s)
    sig = [
        signal("dns-spf-ok-retail", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "nakano-shoten.example.jp", "2026-09-01", "2026-10-20"),
    ]
    write(s, "sme-basic", p, r, sig, engagement(
        s, "Packaging materials", ["PUBLIC"], "NONE", "CRITICALITY_LOW"))

    # 11. Slow patching: criticals fixed after 40-60 days, one open past its SLA.
    s = "patch-laggard"
    p = profile_of(has_website=True, security_action_stars=1)
    r = build_case(s, cpsf, p, "best", {"gv.framework": "mid", "web.pentest": "mid",
                                         "ir.disclosure": "mid", "pt.ssh": "na"},
                   lambda q: q not in ("pm.procedure", "pm.records"), RECENT, s)
    sig = [
        signal("patch-cve-2026-0101", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "mail.okada-seimitsu.example.jp", "2026-02-01", "2026-03-10", "2026-03-15",
               cve="CVE-2026-0101"),
        signal("patch-cve-2026-0420", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "vpn.okada-seimitsu.example.jp", "2026-04-20", "2026-06-15", "2026-06-20",
               cve="CVE-2026-0420"),
        signal("patch-cve-2026-0777", s, "PATCHING_CADENCE", "unpatched_cve", "HIGH",
               "www.okada-seimitsu.example.jp", "2026-05-01", "2026-06-25", "2026-07-01",
               cve="CVE-2026-0777"),
        signal("patch-cve-2026-0931", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "vpn.okada-seimitsu.example.jp", "2026-09-20", "2026-10-30", cve="CVE-2026-0931"),
        signal("patch-eol-php", s, "PATCHING_CADENCE", "end_of_life_software", "MEDIUM",
               "www.okada-seimitsu.example.jp", "2026-08-01", "2026-10-30"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Precision parts with shared CAD data", ["CONFIDENTIAL"], "PORTAL"))

    # 12. Web agency: claims its CMS is kept up to date; the scans see a vulnerable CMS.
    s = "web-agency-appsec"
    p = profile_of(has_website=True, develops_software=True, uses_cloud_services=True,
                   handles_personal_data=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {
        "web.pentest": "mid", "ir.disclosure": "mid", "pt.ssh": "na",
        "gv.customer_priorities": "na", "at.targeted_mail": "worst"}, ALL, RECENT, s)
    sig = [
        signal("app-cms-vuln-www", s, "APPLICATION_SECURITY", "cms_vulnerable", "HIGH",
               "www.hikari-web.example.jp", "2026-10-10", "2026-10-30"),
        signal("app-hsts-www-agency", s, "APPLICATION_SECURITY", "hsts_missing", "MEDIUM",
               "www.hikari-web.example.jp", "2026-10-10", "2026-10-30"),
        signal("app-xfo-www-agency", s, "APPLICATION_SECURITY", "x_frame_options_missing",
               "MEDIUM", "www.hikari-web.example.jp", "2026-10-10", "2026-10-30"),
        signal("dns-dnssec-agency", s, "DNS_HEALTH", "dnssec_detected", "POSITIVE",
               "hikari-web.example.jp", "2026-05-01", "2026-10-30"),
    ]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Corporate website operation", ["PERSONAL"], "PORTAL"))

    gaming_cases(cpsf, sme)


def set_answer(response, qid, **fields):
    """Changes one answer of a built response (date, answered_at as a date, yes_no...)."""
    for a in response.answers:
        if a.question_id != qid:
            continue
        for k, v in fields.items():
            if k == "answered_on":
                ts(v, a.answered_at)
            elif k == "yes_no":
                a.yes_no = v
            else:
                setattr(a, k, v)
        return a
    raise KeyError(qid)


STRONG = dict(has_website=True, develops_software=True, uses_cloud_services=True,
              handles_personal_data=True, security_action_stars=2)


def clean_scan(s, domain):
    """The observations of a well-run firm: positives only."""
    return [
        signal("dns-dnssec-" + s, s, "DNS_HEALTH", "dnssec_detected", "POSITIVE", domain,
               "2026-06-01", "2026-10-30"),
        signal("app-waf-" + s, s, "APPLICATION_SECURITY", "waf_detected", "POSITIVE",
               "www." + domain, "2026-06-01", "2026-10-30"),
    ]


def gaming_cases(cpsf, sme):
    """One case per way a supplier might try to score better than it deserves, and the
    observations that must matter whatever the answers say."""
    eng = lambda s: engagement(s, "Order processing with customer data", ["CONFIDENTIAL"],
                               "PORTAL")

    # Silence is no better than "no": the knockout on remote-access MFA left unanswered.
    s = "game-silent-knockout"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {"ac.mfa_remote": "skip"}, ALL, RECENT, s)
    write(s, "cpsf-supplier", p, r, clean_scan(s, "shizuka.example.jp"), eng(s))

    # "Not applicable" on remote access while a scan sees RDP open to the internet.
    s = "game-na-remote-access"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {"ac.mfa_remote": "na"}, ALL, RECENT, s)
    sig = clean_scan(s, "tokai-na.example.jp") + [
        signal("net-rdp-" + s, s, "NETWORK_SECURITY", "exposed_rdp", "MEDIUM",
               "203.0.113.40:3389", "2026-09-12", "2026-10-30")]
    write(s, "cpsf-supplier", p, r, sig, eng(s))

    # Dates the supplier controls: a restore test "next spring", answers given after as_of.
    s = "game-future-dates"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    set_answer(r, "bk.restore_test", date="2027-04-01")
    set_answer(r, "ir.exercise_date", date="2026-12-20")
    set_answer(r, "gv.policy", answered_on=AS_OF + datetime.timedelta(days=30))
    write(s, "cpsf-supplier", p, r, clean_scan(s, "mirai.example.jp"), eng(s))

    # A disproved parent: "we scan our web applications" with every follow-up at its best, while
    # the CMS the scan sees is vulnerable.
    s = "game-disproved-parent"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    sig = clean_scan(s, "kagami.example.jp") + [
        signal("app-cms-" + s, s, "APPLICATION_SECURITY", "cms_vulnerable", "HIGH",
               "www.kagami.example.jp", "2026-10-12", "2026-10-30")]
    write(s, "cpsf-supplier", p, r, sig, eng(s))

    # Blanks dodge caps no more: every question of cell L1/DATA left blank.
    s = "game-blank-cell"
    p = profile_of(**STRONG)
    blank = {q: "skip" for q in ("am.data_classification", "ds.customer_agreement",
                                 "ds.disposal", "pd.breach", "pd.governance")}
    r = build_case(s, cpsf, p, "best", blank, ALL, RECENT, s)
    write(s, "cpsf-supplier", p, r, clean_scan(s, "kuuhaku.example.jp"), eng(s))

    # Lies one level up: "no website" and "no personal data" while the scan sees a web shop and
    # the engagement hands over customer records.
    s = "game-profile-hides-web"
    p = profile_of(uses_cloud_services=True, security_action_stars=2)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    sig = [signal("app-hsts-" + s, s, "APPLICATION_SECURITY", "hsts_missing", "MEDIUM",
                  "shop.kakure.example.jp", "2026-10-01", "2026-10-30")]
    write(s, "cpsf-supplier", p, r, sig, engagement(
        s, "Mail-order fulfilment", ["PERSONAL"], "PORTAL"))

    # Empty evidence: every evidence entry names its kind and nothing else.
    s = "game-empty-evidence"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    for a in r.answers:
        for e in a.evidence:
            e.uri = ""
            e.description = ""
    write(s, "cpsf-supplier", p, r, clean_scan(s, "karappo.example.jp"), eng(s))

    # History that contradicts a claim: "criticals within 14 days", while the last three
    # criticals took 100 to 120 days to fix.
    s = "game-slow-fix-history"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    sig = clean_scan(s, "osoi.example.jp") + [
        signal("patch-cve-2026-3101", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "www.osoi.example.jp", "2026-02-01", "2026-05-10", "2026-05-12",
               cve="CVE-2026-3101"),
        signal("patch-cve-2026-3102", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "mail.osoi.example.jp", "2026-04-01", "2026-07-15", "2026-07-20",
               cve="CVE-2026-3102"),
        signal("patch-cve-2026-3103", s, "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
               "www.osoi.example.jp", "2026-06-01", "2026-09-25", "2026-09-29",
               cve="CVE-2026-3103"),
    ]
    write(s, "cpsf-supplier", p, r, sig, eng(s))

    # Reopened is not resolved: RDP closed in September, seen open again in late October.
    s = "game-reopened-rdp"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    sig = clean_scan(s, "futatabi.example.jp") + [
        signal("net-rdp-" + s, s, "NETWORK_SECURITY", "exposed_rdp", "MEDIUM",
               "198.51.100.7:3389", "2026-08-01", "2026-10-28", "2026-09-01")]
    write(s, "cpsf-supplier", p, r, sig, eng(s))

    # A blend that must not reward being seen: a first observation of leaked administrator
    # credentials (a factor not observed before) lowers the signals score.
    s = "game-first-observation"
    p = profile_of(**STRONG)
    r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
    sig = clean_scan(s, "hajime.example.jp") + [
        signal("net-tls-" + s, s, "NETWORK_SECURITY", "tls_weak_cipher", "MEDIUM",
               "legacy.hajime.example.jp", "2026-09-01", "2026-10-30"),
        signal("leak-admin-" + s, s, "LEAKED_CREDENTIALS", "leaked_admin_credentials", "HIGH",
               "admin@hajime.example.jp", "2026-10-20", "2026-10-30")]
    write(s, "cpsf-supplier", p, r, sig, eng(s))

    # The SME template is linked too: "PCs are kept updated" against an outdated OS observed.
    s = "game-sme-contradicted"
    p = profile_of(has_website=True, security_action_stars=1)
    r = build_case(s, sme, p, "best", {}, ALL, RECENT, s)
    sig = [signal("ep-outdated-os-kobeya", s, "ENDPOINT_SECURITY", "endpoint_outdated_os",
                  "MEDIUM", "office.kobeya.example.jp", "2026-10-20", "2026-10-30")]
    write(s, "sme-basic", p, r, sig, engagement(s, "Stationery supply", ["INTERNAL"], "NONE"))

    # Observation that matters: the same honest strong answers, once with a clean scan, once
    # with RDP open to the internet, once with a critical CVE open for 200 days.
    for s, extra in (
            ("observed-clean", []),
            ("observed-rdp-exposed", [
                ("net-rdp-observed", "NETWORK_SECURITY", "exposed_rdp", "MEDIUM",
                 "203.0.113.9:3389", "2026-10-01", "2026-10-30", None)]),
            ("observed-critical-200-days", [
                ("patch-cve-2026-0101", "PATCHING_CADENCE", "unpatched_cve", "CRITICAL",
                 "www.mieru.example.jp", "2026-04-15", "2026-10-30", "CVE-2026-0101")])):
        p = profile_of(**STRONG)
        r = build_case(s, cpsf, p, "best", {}, ALL, RECENT, s)
        sig = clean_scan(s, "mieru.example.jp") + [
            signal(i, s, f, t, sev, asset, first, last, cve=cve)
            for (i, f, t, sev, asset, first, last, cve) in extra]
        write(s, "cpsf-supplier", p, r, sig, eng(s))


if __name__ == "__main__":
    main()
