"""Requests the tests share: valid suppliers, answers built from a template, signals, and the
readers of the inputs kept as files under testdata/."""

import datetime

from google.protobuf import json_format, text_format, timestamp_pb2

from supplyrisk.v1 import (
    common_pb2,
    engagement_pb2,
    response_pb2,
    signal_pb2,
    supplier_pb2,
    template_pb2,
)

# Published corporate numbers (check digits verify) and LEIs.
CORPORATE_NUMBERS = ["7000012050002", "1180301018771", "5010401067252", "4000012010017"]
LEIS = ["HWUPKR0MPOU8FGXBT394", "7LTWFZYICNSX8D621K86", "5493001KJTIIGC8Y1R12"]

_numbers_issued = 0


def corporate_number(base12):
    """`base12` with its check digit in front: 9 minus the digits weighted 1, 2, 1, 2, ... from
    the right, modulo 9."""
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base12)))
    return str(9 - total % 9) + base12


def fresh_corporate_number():
    """A valid corporate number no other call of this process returns (none of the published
    ones above): corporate numbers are unique within a tenant."""
    global _numbers_issued
    _numbers_issued += 1
    return corporate_number("88%010d" % _numbers_issued)


def supplier(name_ja="株式会社テスト", name_en="Test KK", corporate_number=None,
             lei="", domains=("example.co.jp",), size=supplier_pb2.COMPANY_SIZE_SMALL,
             industry="manufacturing", **profile):
    """A valid supplier; without a corporate_number, one of its own (fresh_corporate_number)."""
    if corporate_number is None:
        corporate_number = fresh_corporate_number()
    s = supplier_pb2.Supplier(corporate_number=corporate_number, lei=lei, size=size,
                              industry=industry)
    s.display_name.ja = name_ja
    s.display_name.en = name_en
    s.domains.extend(domains)
    for key, value in profile.items():
        setattr(s.profile, key, value)
    return s


def timestamp(dt):
    t = timestamp_pb2.Timestamp()
    t.FromDatetime(dt)
    return t


def answers_for(template, good=True):
    """An answer to every question of `template`: the best one when good, the worst else."""
    today = datetime.date.today()
    out = []
    for section in template.sections:
        for q in section.questions:
            a = response_pb2.Answer(question_id=q.id)
            t = q.answer_type
            if t == template_pb2.ANSWER_TYPE_YES_NO:
                a.yes_no = response_pb2.YES_NO_YES if good else response_pb2.YES_NO_NO
            elif t == template_pb2.ANSWER_TYPE_SINGLE_CHOICE:
                ranked = sorted(q.options, key=lambda o: (o.credit, not o.knockout))
                a.option_id = (ranked[-1] if good else ranked[0]).id
            elif t == template_pb2.ANSWER_TYPE_MULTIPLE_CHOICE:
                chosen = [o.id for o in q.options if (o.credit > 0) == good and not o.knockout]
                a.options.option_ids.extend(chosen or [q.options[0].id])
            elif t == template_pb2.ANSWER_TYPE_NUMBER:
                best = max(q.bands, key=lambda b: b.credit) if good else \
                    min(q.bands, key=lambda b: b.credit)
                if best.HasField("min"):
                    a.number = best.min
                elif best.HasField("max"):
                    a.number = best.max - 1
                else:
                    a.number = 0
            elif t == template_pb2.ANSWER_TYPE_DATE:
                best = max(q.bands, key=lambda b: b.credit) if good else \
                    min(q.bands, key=lambda b: b.credit)
                age = best.min if best.HasField("min") else 0
                if not best.HasField("min") and best.HasField("max"):
                    age = 0
                a.date = (today - datetime.timedelta(days=int(age) + 1)).isoformat()
            elif t == template_pb2.ANSWER_TYPE_TEXT:
                a.text = "記入済み / answered"
            elif t == template_pb2.ANSWER_TYPE_SUBCONTRACTORS:
                e = a.subcontractors.entries.add(company_name="下請株式会社",
                                                 corporate_number="1180301018771")
                e.data_classes.append(common_pb2.DATA_CLASS_INTERNAL)
                e.access = common_pb2.ACCESS_LEVEL_NONE
            else:
                continue
            if good and q.evidence.required:
                kind = q.evidence.kinds[0] if q.evidence.kinds else template_pb2.EVIDENCE_KIND_DOCUMENT
                a.evidence.add(kind=kind, uri="docs://evidence/%s.pdf" % q.id,
                               sha256="ab" * 32)
            out.append(a)
    return out


def signal(supplier_name, factor, issue_type, severity, asset, days_ago=3, **kw):
    now = datetime.datetime.now(datetime.timezone.utc)
    s = signal_pb2.Signal(supplier=supplier_name, factor=factor, issue_type=issue_type,
                          severity=severity, asset=asset, source="test-scanner", **kw)
    s.observed_at.CopyFrom(timestamp(now - datetime.timedelta(days=days_ago)))
    s.last_observed_at.CopyFrom(timestamp(now - datetime.timedelta(hours=1)))
    return s


def engagement(supplier_name, title="基幹システム保守 / core system maintenance"):
    e = engagement_pb2.Engagement(
        supplier=supplier_name, title=title,
        access=common_pb2.ACCESS_LEVEL_REMOTE,
        criticality=engagement_pb2.CRITICALITY_HIGH)
    e.data_classes.extend([common_pb2.DATA_CLASS_CONFIDENTIAL, common_pb2.DATA_CLASS_PERSONAL])
    return e


def read_textproto(path, message):
    """Parses a text-format file into `message` and returns it."""
    with open(path, encoding="utf-8") as f:
        text_format.Parse(f.read(), message)
    return message


def read_signals(path):
    """One supplyrisk.v1.Signal per line (proto3 JSON); blank lines and # comments are skipped."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(json_format.Parse(line, signal_pb2.Signal()))
    return out
